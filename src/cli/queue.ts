import { openCampaign } from '../node/campaignRun';
import { terminalLine } from '../core/terminalText';
import { UsageError, InputError } from './args';
import { printDiagnostics, takeFlags } from './commandFlags';
import { campaignErrors } from './progress';

export const usage = 'transcript-review queue [--json] --annotator NAME MANIFEST';

/** An annotator's items in a campaign, in order: one id a line, or `{"annotator", "items"}`. */
export async function run(args: string[]): Promise<number> {
  const { values, rest } = takeFlags(args, { json: 'boolean', annotator: 'string' }, usage);
  if (!values.annotator || rest.length !== 1 || rest[0]!.startsWith('--')) throw new UsageError(usage);
  const c = await campaignErrors(() => openCampaign(rest[0]!));
  try {
    // On stderr, as `progress` does: no gold log yet, names differing only in case; the queue is still right.
    printDiagnostics(c.diagnostics);
    if (!c.campaign.annotators.includes(values.annotator)) {
      throw new InputError(`"${values.annotator}" is not an annotator of the campaign (${c.campaign.annotators.join(', ')})`);
    }
    const items = c.assignment.queue(values.annotator).map((i) => c.ids[i]!);
    if (values.json) process.stdout.write(terminalLine(JSON.stringify({ annotator: values.annotator, items })));
    else for (const id of items) process.stdout.write(terminalLine(id));
    return 0;
  } finally {
    await c.input.close();
  }
}
