import { dirname, join } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { findContradictions } from '../core/labels/contradictions';
import { isLabeled } from '../core/labels/isLabeled';
import { manyInputUsage } from './inputArgs';
import { terminalLine } from '../core/terminalText';
import { openShardArgs, parseAnnotators, takeFlags } from './commandFlags';
import { ShardIds } from '../core/input/shardIds';
import { labeledItems, orphanedLabels } from '../node/labeledInput';
import { openCampaign, progressOf } from '../node/campaignRun';
import { campaignErrors } from './progress';
import { InputError, UsageError } from './args';
import { CertifyInputs } from './certify';
import { GuidelineVersions } from './guidelineVersions';

export const usage = `transcript-review check [--json] [--annotators a,b] [--gold-min 0.8] [--certify] ${manyInputUsage}`;

/** One input's part of a run over many. */
interface ShardSummary {
  file: string;
  items: number;
  unlabeled: number;
  contradictions: number;
  orphans: number;
  errors: number;
}

/**
 * For CI: every item labeled (by each of `--annotators`, or by anyone when not given; "labeled"
 * as the progress bar counts it: an overall preference, or a verdict on both sides), and no
 * labels that contradict each other (`findContradictions`, the Problems panel's rules).
 * Problems print as FILE:LINE at the item's line in the input; exit 1 when there are any. Many
 * inputs (shards) are checked one after another, each with its own labels, and summarised each.
 */
export async function run(args: string[]): Promise<number> {
  const { values, rest } = takeFlags(args, { json: 'boolean', annotators: 'string', 'gold-min': 'string', certify: 'boolean' }, usage);
  const goldMin = values['gold-min'] === undefined ? undefined : Number(values['gold-min']);
  if (goldMin !== undefined && !(goldMin >= 0 && goldMin <= 1)) throw new UsageError(`--gold-min takes a number from 0 to 1\n  ${usage}`);
  const required = parseAnnotators(values.annotators);
  const inputs = await openShardArgs(rest, usage, required);
  const ids = inputs.many ? new ShardIds() : undefined;
  const diagnostics: Diagnostic[] = [];
  const orphanLines: string[] = [];
  const orphans: string[] = [];
  const shards: ShardSummary[] = [];
  const certify = values.certify ? new CertifyInputs() : undefined;
  const versions = new GuidelineVersions();
  for await (const li of inputs.shards()) {
    certify?.startShard(li);
    // Problems point at the item's line in the file it was read from (the baseline run of a pair).
    const file = li.input.source.files[0] ?? li.path;
    const from = diagnostics.length;
    diagnostics.push(...li.labels.diagnostics, ...li.input.diagnostics);
    ids?.startShard(file);
    const seen = new Set<string>();
    const shard: ShardSummary = { file: li.path, items: 0, unlabeled: 0, contradictions: 0, orphans: 0, errors: 0 };
    for await (const each of labeledItems(li, seen)) {
      const result = ids ? ids.take(each.result) : each.result;
      const labels = each.labels;
      for (const d of result.diagnostics) diagnostics.push(d);
      const item = result.item;
      if (!item) continue;
      shard.items++;
      certify?.add(item, labels);
      versions.add(labels);
      const at = (message: string): Diagnostic => ({ file, line: result.line, column: 0, severity: 'error', message });
      const missing = labels.filter((a) => !isLabeled(a.labels)).map((a) => a.annotator);
      if (required ? missing.length > 0 : missing.length === labels.length) {
        shard.unlabeled++;
        diagnostics.push(at(`item '${item.id}' is not labeled${required ? ` by ${missing.join(', ')}` : ''} (needs an overall preference or a verdict on each side)`));
      }
      for (const a of labels) {
        for (const c of findContradictions(item, a.labels)) {
          shard.contradictions++;
          diagnostics.push(at(`${a.annotator}: ${c.message} [${c.rule}]`));
        }
      }
    }
    const lost = orphanedLabels(li, seen);
    shard.orphans = lost.length;
    orphans.push(...lost);
    if (lost.length > 0) orphanLines.push(`${li.labels.dir}: labels on ${lost.length} item(s) not in ${li.path}: ${lost.join(', ')}`);
    if (goldMin !== undefined) diagnostics.push(...(await goldErrors(li.path, goldMin)));
    shard.errors = diagnostics.slice(from).filter((d) => d.severity === 'error').length;
    shards.push(shard);
  }
  await inputs.finish();
  const mixed = versions.describe();
  if (mixed) diagnostics.push({ file: inputs.label, line: 1, column: 0, severity: 'warning', message: mixed });
  const certified = certify ? await certify.run() : undefined;
  const sum = (k: 'items' | 'unlabeled' | 'contradictions') => shards.reduce((n, s) => n + s[k], 0);
  const [items, unlabeled, contradictions] = [sum('items'), sum('unlabeled'), sum('contradictions')];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const failing = shards.filter((s) => s.errors > 0).length;
  if (values.json) {
    // Compact JSON has no raw line breaks, and the escapes keep C1 and bidi controls off the terminal: still the same JSON.
    process.stdout.write(terminalLine(JSON.stringify({ items, unlabeled, contradictions, orphans, errors, diagnostics, ...(inputs.many && { shards }), ...(certified && { certification: certified.json }) })));
  } else {
    for (const d of diagnostics) process.stdout.write(terminalLine(formatDiagnostic(d)));
    for (const line of orphanLines) process.stdout.write(terminalLine(line));
    if (inputs.many) {
      for (const s of shards) process.stdout.write(terminalLine(`${s.file}: ${s.errors > 0 ? 'FAIL' : 'ok'}: ${s.items} items, ${s.unlabeled} unlabeled, ${s.contradictions} contradiction${s.contradictions === 1 ? '' : 's'}, ${s.errors} error${s.errors === 1 ? '' : 's'}`));
    }
    for (const line of certified?.lines ?? []) process.stdout.write(terminalLine(line));
    process.stdout.write(`${items} items, ${unlabeled} unlabeled, ${contradictions} contradiction${contradictions === 1 ? '' : 's'}${inputs.many ? `; ${failing} of ${shards.length} shards failing` : ''}\n`);
  }
  return errors > 0 || certified?.failed ? 1 : 0;
}

/** Annotators checked against the campaign's known answers: below the bar is an error. */
async function goldErrors(path: string, goldMin: number): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const c = await campaignErrors(() => openCampaign(path));
  try {
    if (!c.campaign.gold) throw new InputError(`${path}: --gold-min needs a campaign with "gold"`);
    out.push(...c.diagnostics.filter((d) => d.file === join(dirname(path), c.campaign.gold!)));
    for (const a of progressOf(c).annotators) {
      if (a.gold.accuracy !== null && a.gold.accuracy < goldMin) {
        out.push({ file: path, line: 1, column: 0, severity: 'error', message: `${a.name}: gold accuracy ${(100 * a.gold.accuracy).toFixed(0)} % (${a.gold.agree} of ${a.gold.items}) is below ${(100 * goldMin).toFixed(0)} %` });
      }
    }
  } finally {
    await c.input.close();
  }
  return out;
}
