import { z } from 'zod';

/** One problem with an input line. Lines and columns are 1-based; column 0 = unknown. */
export const diagnosticSchema = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().nonnegative(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

export type Diagnostic = z.infer<typeof diagnosticSchema>;

/** `FILE:LINE:COL: severity: message`, as compilers print it, so terminals link it. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${Math.max(d.column, 1)}: ${d.severity}: ${d.message}`;
}
