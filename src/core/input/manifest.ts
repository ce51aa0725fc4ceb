import { z } from 'zod';
import { formatSchema } from '../adapters/types';
import type { Diagnostic } from '../diagnostic';
import { locateJsonError } from './jsonError';
import { lineLocator, offsetOfPath, topLevelKeyOffsets } from './locatePath';
import { lineDiagnostic } from './parseLine';
import { describeSchemaError } from '../schemaMessage';
import { isWithin } from '../posixPath';
import { campaignSchema } from '../campaign/campaign';
import { certificationRuleSchema } from '../metrics/certify';

/** Names that label events use for preferences; a side may not take them. */
const reservedSideNames = ['tie', 'both_bad'];

const sideRefSchema = z.object({
  /** Path of the run's JSONL file, relative to the manifest. */
  file: z.string().min(1),
  /** Side name shown and written in labels; default: the file's base name. */
  name: z
    .string()
    .min(1)
    .refine((n) => !reservedSideNames.includes(n), { message: `must not be ${reservedSideNames.map((n) => `"${n}"`).join(' or ')} (preference values)` })
    .optional(),
});

/**
 * A saved comparison, `NAME.review.json`: two run files joined by a key (or one dataset file),
 * with the taxonomy and where labels go. Committed and shared by a team, so paths are relative.
 */
export const manifestSchema = z
  .object({
    version: z.literal(1),
    baseline: sideRefSchema.optional(),
    trained: sideRefSchema.optional(),
    /** A single file of paired records (canonical, hh, trl) instead of two runs. */
    dataset: z.string().min(1).optional(),
    /** Join field of the two runs; null pairs them by line number. Default `id`. */
    key: z.string().min(1).nullable().optional(),
    format: formatSchema.optional(),
    /** Validated by the taxonomy module where it is used. */
    taxonomy: z.unknown().optional(),
    /** Labels directory, relative to the manifest; default `NAME.labels/` beside it. */
    labels: z.string().min(1).optional(),
    /** A labeling campaign: assignment with overlap, adjudicators, gold, guidelines (see `campaignSchema`). */
    campaign: campaignSchema.optional(),
    /** The bar judges must meet (`check --certify`); defaults in `certificationRuleSchema`. */
    certification: certificationRuleSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const pair = m.baseline !== undefined || m.trained !== undefined;
    if (m.dataset !== undefined && pair) ctx.addIssue({ code: 'custom', path: ['dataset'], message: 'conflicts with `baseline` and `trained`: give one `dataset` file or the two runs' });
    else if (m.dataset === undefined && !(m.baseline && m.trained)) {
      ctx.addIssue({ code: 'custom', path: [m.baseline ? 'trained' : 'baseline'], message: 'is missing: a manifest names `baseline` and `trained` (each `{"file": …}`), or one `dataset` file' });
    } else if (m.baseline?.name && m.baseline.name === m.trained?.name) {
      ctx.addIssue({ code: 'custom', path: ['trained', 'name'], message: 'must differ from the baseline name' });
    }
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type SideRef = z.infer<typeof sideRefSchema>;

const knownKeys = new Set(Object.keys(manifestSchema.shape));

/** Unknown keys warned about one by one; the rest are counted in one more warning. */
export const maxUnknownKeyWarnings = 20;

/** Parses a manifest's text; problems point at the line and column of the offending key. Linear in the text. */
export function parseManifest(text: string, file: string): { manifest?: Manifest; diagnostics: Diagnostic[] } {
  let locate: ReturnType<typeof lineLocator> | undefined;
  const at = (offset: number, severity: Diagnostic['severity'], message: string) => {
    locate ??= lineLocator(text);
    const { line, column } = offset >= 0 ? locate(offset) : { line: 1, column: 0 };
    return lineDiagnostic(file, line, column, severity, message);
  };
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const found = locateJsonError(text.replace(/^\uFEFF/, ''));
    return { diagnostics: [at(found?.index ?? -1, 'error', `the review manifest is not valid JSON${found ? `: ${found.message}` : ''}`)] };
  }
  const r = manifestSchema.safeParse(value);
  if (!r.success) {
    const path = r.error.issues[0]?.path ?? [];
    const message = describeSchemaError(r.error, 'review manifest', { schema: manifestSchema, input: value });
    return { diagnostics: [at(offsetOfPath(text, path), 'error', message)] };
  }
  const diagnostics: Diagnostic[] = [];
  const unknown = Object.keys(value as object).filter((k) => !knownKeys.has(k));
  if (unknown.length > 0) {
    const offsets = topLevelKeyOffsets(text);
    const known = [...knownKeys].join(', ');
    for (const k of unknown.slice(0, maxUnknownKeyWarnings)) diagnostics.push(at(offsets.get(k) ?? -1, 'warning', `unknown key \`${k}\` ignored (known: ${known})`));
    const rest = unknown.length - maxUnknownKeyWarnings;
    if (rest > 0) diagnostics.push(at(offsets.get(unknown[maxUnknownKeyWarnings]!) ?? -1, 'warning', `… and ${rest.toLocaleString('en-US')} more unknown keys ignored`));
  }
  return { manifest: r.data, diagnostics };
}

/**
 * A labels folder may not be, or hold, a file the input reads: with `"labels": "."` beside the
 * runs, an annotator named `baseline` would append labels to `baseline.jsonl`, and every run file
 * would be read as another annotator's log. Paths are absolute and spelled alike (real paths, or
 * URIs); `foldCase` where the file system ignores case. Returns the first input inside, if any.
 */
export function inputInLabelsFolder(labelsDir: string, inputs: readonly string[], foldCase = false): string | undefined {
  return inputs.find((f) => isWithin(f, labelsDir, foldCase));
}

/**
 * The error for a manifest whose labels folder holds one of its inputs, at the `labels` key (or
 * line 1 when the default folder is to blame), or undefined. `resolve` turns a manifest path
 * into the absolute form `inputInLabelsFolder` compares; `labelsDir` is the folder already resolved.
 */
export function manifestLabelsConflict(text: string, file: string, manifest: Manifest, labelsDir: string, resolve: (path: string) => string, foldCase = false): Diagnostic | undefined {
  const named = manifest.dataset !== undefined ? [manifest.dataset] : [manifest.baseline!.file, manifest.trained!.file];
  const inside = inputInLabelsFolder(labelsDir, named.map(resolve), foldCase);
  if (inside === undefined) return undefined;
  const which = named[named.map(resolve).indexOf(inside)]!;
  const offset = manifest.labels !== undefined ? topLevelKeyOffsets(text).get('labels') ?? -1 : -1;
  const { line, column } = offset >= 0 ? lineLocator(text)(offset) : { line: 1, column: 0 };
  const folder = manifest.labels !== undefined ? `\`labels\` ${JSON.stringify(manifest.labels)}` : 'the default labels folder';
  return lineDiagnostic(file, line, column, 'error', `${folder} holds the input ${JSON.stringify(which)}: labels would be written among the runs and the runs read as label logs; give \`labels\` a folder of its own (e.g. "${stemOf(file)}.labels")`);
}

function stemOf(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return base.replace(/\.review\.json$/i, '');
}
