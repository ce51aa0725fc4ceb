import { dirname, join } from 'node:path';
import { LabelState } from '../core/labels/labelLog';
import { LogTail } from '../core/labels/logTail';
import { assign, type Assignment } from '../core/campaign/assignment';
import { campaignProgress, type CampaignProgress } from '../core/campaign/progress';
import { caseCollisions, type Campaign } from '../core/campaign/campaign';
import { formatDiagnostic } from '../core/diagnostic';
import type { Diagnostic } from '../core/diagnostic';
import { openInput } from './input';
import { withLabels, type LabeledInput } from './labeledInput';
import { LabelLogFile } from './labelFile';
import { readSelection } from './selectionFile';
import { drawnIds } from '../core/campaign/activeSelection';

/** A manifest with a campaign, read once: its items in order, who has which, the logs and gold. */
export interface CampaignInput extends LabeledInput {
  campaign: Campaign;
  /** Item ids in file order (the order assignment runs in); under active selection, the drawn ones. */
  ids: string[];
  assignment: Assignment;
  /** The expected labels, folded from the gold log (every event in it counts, whoever wrote it). */
  gold: LabelState | undefined;
  diagnostics: Diagnostic[];
}

/** A manifest whose campaign cannot be used: none, an invalid one, an unreadable gold log. Its message names where. */
export class NoCampaignError extends Error {}

/**
 * Reads the gold log of a campaign: a label log in the usual format. A missing or empty one is a
 * warning (annotators start before the lead writes gold: no gold accuracy yet); one that cannot
 * be read (a link, a pipe) is an error with its reason.
 */
export async function readGold(path: string, diagnostics: Diagnostic[]): Promise<LabelState | undefined> {
  const state = new LabelState();
  const tail = new LogTail(new LabelLogFile(path));
  try {
    if ((await tail.sink.stat()).size === 0) {
      diagnostics.push({ file: path, line: 1, column: 0, severity: 'warning', message: `the campaign's gold log is missing or empty; gold accuracy is shown once it has labels` });
      return undefined;
    }
    await tail.read((e) => state.apply(e), () => undefined);
  } catch (err) {
    throw new NoCampaignError(`the campaign's gold log cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  diagnostics.push(...tail.diagnostics);
  return state;
}

/** Where the file system ignores case, two names differing only in case would share one log. */
const foldsCase = process.platform === 'darwin' || process.platform === 'win32';

export async function openCampaign(manifestPath: string): Promise<CampaignInput> {
  const input = await openInput(manifestPath);
  const campaign = input.manifest?.campaign;
  if (!campaign) {
    await input.close();
    // An invalid manifest is not one without a campaign: say what is wrong, and where.
    const errors = input.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new NoCampaignError(errors.map(formatDiagnostic).join('\n'));
    throw new NoCampaignError(`${manifestPath} has no "campaign" (see docs/teams.md: Running a campaign)`);
  }
  const collisions = caseCollisions([...campaign.annotators, ...campaign.adjudicators]);
  if (collisions.length > 0) {
    const [a, b] = collisions[0]!;
    const message = `${manifestPath}: "campaign" names "${a}" and "${b}", which differ only in case: their label logs are one file where the file system ignores case (macOS, Windows)`;
    if (foldsCase) {
      await input.close();
      throw new NoCampaignError(message);
    }
    input.diagnostics.push({ file: manifestPath, line: 1, column: 0, severity: 'warning', message });
  }
  const li = await withLabels(input);
  const ids: string[] = [];
  const diagnostics: Diagnostic[] = [...input.diagnostics, ...li.labels.diagnostics];
  for await (const r of input.source.items()) if (r.item) ids.push(r.item.id);
  const gold = campaign.gold ? await readGold(join(dirname(manifestPath), campaign.gold), diagnostics) : undefined;
  // Under active selection the queues hold the items `next` drew, in the order drawn.
  const queued = campaign.select === 'active' ? drawnIds(ids, await readSelection(li.labels.dir)) : ids;
  return { ...li, campaign, ids: queued, assignment: assign(campaign, queued), gold, diagnostics };
}

/** Progress of every annotator of the campaign. */
export function progressOf(c: CampaignInput): CampaignProgress {
  const byName = new Map(c.labels.logs.map((l) => [l.annotator, l.state]));
  return campaignProgress(c.assignment, c.ids, (name, item) => byName.get(name)?.forItem(item) ?? [], (item) => c.gold?.forItem(item) ?? []);
}
