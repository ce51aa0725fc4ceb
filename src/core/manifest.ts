import { z } from 'zod';
import { formatSchema } from './adapters/types';
import type { Diagnostic } from './diagnostic';
import { locateJsonError } from './jsonError';
import { lineColumnAt, offsetOfPath } from './locatePath';
import { lineDiagnostic } from './parseLine';
import { describeSchemaError } from './schemaMessage';

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

/** Parses a manifest's text; problems point at the line and column of the offending key. */
export function parseManifest(text: string, file: string): { manifest?: Manifest; diagnostics: Diagnostic[] } {
  const at = (offset: number, severity: Diagnostic['severity'], message: string) => {
    const { line, column } = offset >= 0 ? lineColumnAt(text, offset) : { line: 1, column: 0 };
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
  for (const k of Object.keys(value as object)) {
    if (!knownKeys.has(k)) diagnostics.push(at(offsetOfPath(text, [k]), 'warning', `unknown key \`${k}\` ignored (known: ${[...knownKeys].join(', ')})`));
  }
  return { manifest: r.data, diagnostics };
}
