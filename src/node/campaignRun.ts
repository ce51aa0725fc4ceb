import { dirname, join } from 'node:path';
import { LabelState } from '../core/labels/labelLog';
import { LogTail } from '../core/labels/logTail';
import { assign, type Assignment } from '../core/campaign/assignment';
import { campaignProgress, type CampaignProgress } from '../core/campaign/progress';
import type { Campaign } from '../core/campaign/campaign';
import type { Diagnostic } from '../core/diagnostic';
import { openInput } from './input';
import { withLabels, type LabeledInput } from './labeledInput';
import { LabelLogFile } from './labelFile';

/** A manifest with a campaign, read once: its items in order, who has which, the logs and gold. */
export interface CampaignInput extends LabeledInput {
  campaign: Campaign;
  /** Item ids in file order (the order assignment runs in). */
  ids: string[];
  assignment: Assignment;
  /** The expected labels, folded from the gold log (every event in it counts, whoever wrote it). */
  gold: LabelState | undefined;
  diagnostics: Diagnostic[];
}

export class NoCampaignError extends Error {}

/** Reads the gold log of a campaign: a label log in the usual format; a missing one is an error. */
export async function readGold(path: string, diagnostics: Diagnostic[]): Promise<LabelState> {
  const state = new LabelState();
  const tail = new LogTail(new LabelLogFile(path));
  if ((await tail.sink.stat()).size === 0) throw new NoCampaignError(`the campaign's gold log ${path} is missing or empty`);
  await tail.read((e) => state.apply(e), () => undefined);
  diagnostics.push(...tail.diagnostics);
  return state;
}

export async function openCampaign(manifestPath: string): Promise<CampaignInput> {
  const input = await openInput(manifestPath);
  const campaign = input.manifest?.campaign;
  if (!campaign) {
    await input.close();
    throw new NoCampaignError(`${manifestPath} has no "campaign" (see docs/teams.md: Running a campaign)`);
  }
  const li = await withLabels(input);
  const ids: string[] = [];
  const diagnostics: Diagnostic[] = [...input.diagnostics, ...li.labels.diagnostics];
  for await (const r of input.source.items()) if (r.item) ids.push(r.item.id);
  const gold = campaign.gold ? await readGold(join(dirname(manifestPath), campaign.gold), diagnostics) : undefined;
  return { ...li, campaign, ids, assignment: assign(campaign, ids), gold, diagnostics };
}

/** Progress of every annotator of the campaign. */
export function progressOf(c: CampaignInput): CampaignProgress {
  const byName = new Map(c.labels.logs.map((l) => [l.annotator, l.state]));
  return campaignProgress(c.assignment, c.ids, (name, item) => byName.get(name)?.forItem(item) ?? [], (item) => c.gold?.forItem(item) ?? []);
}
