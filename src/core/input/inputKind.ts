/** How an input file is read, from its name: JSONL lines, an Inspect log, compressed JSONL, Parquet. */
export type InputKind = 'jsonl' | 'manifest' | 'inspect-eval' | 'inspect-json' | 'gzip' | 'parquet';

export function inputKind(name: string): InputKind {
  const n = name.toLowerCase();
  if (n.endsWith('.review.json')) return 'manifest';
  if (n.endsWith('.eval')) return 'inspect-eval';
  if (n.endsWith('.json')) return 'inspect-json';
  if (n.endsWith('.gz')) return 'gzip';
  if (n.endsWith('.parquet')) return 'parquet';
  return 'jsonl';
}

/** Files a folder of Inspect logs is made of (`logs/*.eval`, `logs/*.json`, not manifests or listings). */
export function isInspectLogName(name: string): boolean {
  const kind = inputKind(name);
  const base = name.replace(/^.*[\\/]/, '');
  return (kind === 'inspect-eval' || kind === 'inspect-json') && !base.startsWith('.') && base !== 'logs.json' && base !== 'listing.json';
}
