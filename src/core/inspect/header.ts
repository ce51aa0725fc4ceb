import { z } from 'zod';

/** The part of an Inspect log's header (`EvalLog` without samples) a review needs: which task, which model. */
export const logHeaderSchema = z.looseObject({
  version: z.number().optional(),
  status: z.string().optional(),
  eval: z.looseObject({ task: z.string(), model: z.string(), task_display_name: z.string().nullable().optional() }),
});

export type LogHeader = z.infer<typeof logHeaderSchema>;
