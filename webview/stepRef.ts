/** Whose step: the shared prompt's, or a column's (by position, as shown). */
export type StepWhere = 'shared' | 'left' | 'right';

/** A step (a message), or one tool call of it (`call`: index in its `tool_calls`). See steps.ts. */
export interface StepRef {
  where: StepWhere;
  /** The message index in the prompt (`shared`) or in the column's side. */
  message: number;
  call?: number;
}
