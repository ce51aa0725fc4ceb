import { z } from 'zod';

/** Item-list filters a report row can open: the editor's report links its rows, the file on disk does not. */
export const rowFilterSchema = z.union([z.strictObject({ benchmark: z.string() }), z.strictObject({ domain: z.string() }), z.strictObject({ split: z.string() }), z.strictObject({ trait: z.string() })]);
export type RowFilter = z.infer<typeof rowFilterSchema>;

/** The command a row link runs, with its filter: the only command the report panel may run. */
export const showItemsCommand = 'transcriptReview.showItemsWhere';
