import { NoCampaignError, openCampaign, progressOf } from '../node/campaignRun';
import { MissingAnnotatorError } from '../node/labeledInput';
import { escapeControls, terminalLine } from '../core/terminalText';
import { InputError, UsageError } from './args';
import { printDiagnostics, takeFlags } from './commandFlags';

export const usage = 'transcript-review progress [--json] MANIFEST';

/** Campaign problems the CLI reports as input errors (exit 2). */
export async function campaignErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof NoCampaignError || err instanceof MissingAnnotatorError) throw new InputError(err.message);
    throw err;
  }
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(0)} %`);

/** Per annotator: assigned / labeled / remaining, gold accuracy, median seconds per item; and items fully covered. */
export async function run(args: string[]): Promise<number> {
  const { values, rest } = takeFlags(args, { json: 'boolean' }, usage);
  if (rest.length !== 1 || rest[0]!.startsWith('--')) throw new UsageError(usage);
  const c = await campaignErrors(() => openCampaign(rest[0]!));
  try {
    printDiagnostics(c.diagnostics);
    const p = progressOf(c);
    if (values.json) {
      // Compact JSON has no raw line breaks; the escapes keep C1 and bidi controls off the terminal: still the same JSON.
      process.stdout.write(terminalLine(JSON.stringify(p)));
      return 0;
    }
    process.stdout.write(terminalLine(`${p.complete} of ${p.items} items complete (every assigned annotator labeled them)`));
    process.stdout.write('annotator\tassigned\tlabeled\tremaining\tgold accuracy\tmedian s/item\n');
    // Each cell escaped on its own: the tabs between them are real.
    for (const a of p.annotators) {
      const cells = [a.name, a.assigned, a.labeled, a.remaining, `${pct(a.gold.accuracy)} (${a.gold.agree}/${a.gold.items})`, a.medianSecondsPerItem ?? '—'];
      process.stdout.write(cells.map((c) => escapeControls(String(c))).join('\t') + '\n');
    }
    return 0;
  } finally {
    await c.input.close();
  }
}
