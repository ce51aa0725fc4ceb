import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { findContradictions } from '../core/labels/contradictions';
import { isLabeled } from '../core/labels/isLabeled';
import { inputUsage } from './inputArgs';
import { terminalLine } from '../core/terminalText';
import { openLabeledInputArgs, parseAnnotators, takeFlags } from './labeledInput';
import { labeledItems, orphanedLabels } from '../node/labeledInput';
import { openCampaign, progressOf } from '../node/campaignRun';
import { campaignErrors } from './progress';
import { InputError, UsageError } from './args';

export const usage = `transcript-review check [--json] [--annotators a,b] [--gold-min 0.8] ${inputUsage}`;

/**
 * For CI: every item labeled (by each of `--annotators`, or by anyone when not given; "labeled"
 * as the progress bar counts it: an overall preference, or a verdict on both sides), and no
 * labels that contradict each other (`findContradictions`, the Problems panel's rules).
 * Problems print as FILE:LINE at the item's line in the input; exit 1 when there are any.
 */
export async function run(args: string[]): Promise<number> {
  const { values, rest } = takeFlags(args, { json: 'boolean', annotators: 'string', 'gold-min': 'string' }, usage);
  const goldMin = values['gold-min'] === undefined ? undefined : Number(values['gold-min']);
  if (goldMin !== undefined && !(goldMin >= 0 && goldMin <= 1)) throw new UsageError(`--gold-min takes a number from 0 to 1\n  ${usage}`);
  const required = parseAnnotators(values.annotators);
  const li = await openLabeledInputArgs(rest, usage, required);
  // Problems point at the item's line in the file it was read from (the baseline run of a pair).
  const file = li.input.source.files[0] ?? li.path;
  const diagnostics: Diagnostic[] = [...li.labels.diagnostics, ...li.input.diagnostics];
  const seen = new Set<string>();
  let items = 0;
  let unlabeled = 0;
  let contradictions = 0;
  try {
    for await (const { result, labels } of labeledItems(li, seen)) {
      for (const d of result.diagnostics) diagnostics.push(d);
      const item = result.item;
      if (!item) continue;
      items++;
      const at = (message: string): Diagnostic => ({ file, line: result.line, column: 0, severity: 'error', message });
      const missing = labels.filter((a) => !isLabeled(a.labels)).map((a) => a.annotator);
      if (required ? missing.length > 0 : missing.length === labels.length) {
        unlabeled++;
        diagnostics.push(at(`item '${item.id}' is not labeled${required ? ` by ${missing.join(', ')}` : ''} (needs an overall preference or a verdict on each side)`));
      }
      for (const a of labels) {
        for (const c of findContradictions(item, a.labels)) {
          contradictions++;
          diagnostics.push(at(`${a.annotator}: ${c.message} [${c.rule}]`));
        }
      }
    }
  } finally {
    await li.input.close();
  }
  const orphans = orphanedLabels(li, seen);
  if (goldMin !== undefined) {
    // Annotators checked against the campaign's known answers: below the bar is an error.
    const c = await campaignErrors(() => openCampaign(li.path));
    try {
      if (!c.gold) throw new InputError(`${li.path}: --gold-min needs a campaign with "gold"`);
      for (const a of progressOf(c).annotators) {
        if (a.gold.accuracy !== null && a.gold.accuracy < goldMin) {
          diagnostics.push({ file: li.path, line: 1, column: 0, severity: 'error', message: `${a.name}: gold accuracy ${(100 * a.gold.accuracy).toFixed(0)} % (${a.gold.agree} of ${a.gold.items}) is below ${(100 * goldMin).toFixed(0)} %` });
        }
      }
    } finally {
      await c.input.close();
    }
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (values.json) {
    // Compact JSON has no raw line breaks, and the escapes keep C1 and bidi controls off the terminal: still the same JSON.
    process.stdout.write(terminalLine(JSON.stringify({ items, unlabeled, contradictions, orphans, errors, diagnostics })));
  } else {
    for (const d of diagnostics) process.stdout.write(terminalLine(formatDiagnostic(d)));
    if (orphans.length > 0) process.stdout.write(terminalLine(`${li.labels.dir}: labels on ${orphans.length} item(s) not in ${li.path}: ${orphans.join(', ')}`));
    process.stdout.write(`${items} items, ${unlabeled} unlabeled, ${contradictions} contradiction${contradictions === 1 ? '' : 's'}\n`);
  }
  return errors > 0 ? 1 : 0;
}
