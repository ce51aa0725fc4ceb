import { z } from 'zod';
import { describeSchemaError } from '../schemaMessage';
import type { Converted } from './types';

/** Record ids may be strings or numbers; numbers are kept as their decimal text. */
export const recordIdSchema = z.union([z.string().min(1), z.number()]);

export function idText(id: string | number | undefined): string | undefined {
  return id === undefined ? undefined : String(id);
}

/** The id of a record that has none: its line, stable as long as the file is not reordered. */
export function lineId(line: number): string {
  return `line-${line}`;
}

/** Runs a zod schema and turns a failure into one sentence naming what the record lacks. */
export function check<S extends z.ZodType>(schema: S, record: unknown, what = 'record'): Converted<z.infer<S>> {
  const r = schema.safeParse(record);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, message: describeSchemaError(r.error, what, { schema, input: record }), path: r.error.issues[0]?.path };
}
