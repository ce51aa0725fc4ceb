import { z } from 'zod';
import type { ReviewItem } from '../schema';
import { messageText } from '../messageText';
import { majority, spansOf, stepLabelsOf, type AnnotatorItemLabels } from '../labels/humanLabels';
import { jsonLine, type ItemExporter } from './exportFormat';
import { labelMessage, sideSteps, spanCall, trajectories, type Trajectory } from '../labels/steps';
import { spanRowSchema } from './exportLabels';
import { labelPlaceSchema } from '../labels/labelEvent';

export { sideSteps, type Step } from '../labels/steps';

const verdictValue = z.enum(['ok', 'violation', 'unsure']);

/** One step's span, as the `steps` row carries it (the step is the row). */
const stepSpanSchema = spanRowSchema.omit({ side: true, in: true, message: true });

/**
 * A process-reward row: one step of one side's trajectory (a message, or one tool call of an
 * assistant message) with the human labels on it. `context` refers to what precedes the step
 * rather than copying it (a 500-step trajectory would be copied 500 times): the item's first
 * `context.prompt` prompt messages, then the side's first `context.messages` messages. A step of
 * the shared prompt (model turns both runs share) is a row of its own, side `shared`: its context
 * is the prompt before it.
 */
export const stepRowSchema = z.object({
  item: z.string(),
  /** The side's name; `shared` (with `in: 'prompt'`) for a step both runs share, in the item's prompt. */
  side: z.string(),
  in: labelPlaceSchema.optional(),
  /** The step's position in the side's trajectory (the shared steps': from the prompt's first model turn): messages and their tool calls in order, from 0. */
  step: z.number().int().nonnegative(),
  /** How many steps the side has, so a position reads as a fraction of the trajectory. */
  steps: z.number().int().positive(),
  /** The message's index in the side's messages, or in the prompt for a shared step (the log's `message`). */
  message: z.number().int().nonnegative(),
  role: z.string(),
  /** The tool call this step is, or null for the message itself. */
  call: z.object({ id: z.string().nullable(), name: z.string(), arguments: z.string() }).nullable(),
  /** The message's text (message steps only; a tool call's step carries its arguments in `call`). */
  content: z.string().optional(),
  reasoning: z.string().optional(),
  context: z.object({ prompt: z.number().int().nonnegative(), messages: z.number().int().nonnegative() }),
  /** Per trait, the majority of the annotators' step labels (`majority`); traits without one are left out. */
  verdicts: z.record(z.string(), z.enum(['ok', 'violation'])),
  /** Each annotator's labels on this step (annotators with none on it are left out). */
  annotators: z.array(
    z.object({
      annotator: z.string(),
      verdicts: z.record(z.string(), verdictValue),
      flags: z.array(z.string()),
      spans: z.array(stepSpanSchema),
    }),
  ),
});

export type StepRow = z.infer<typeof stepRowSchema>;

/**
 * The rows of one item: every step of each side, when any selected annotator put a step label
 * or a span on the item (items without step-level evidence give none). A span of a trait on a
 * message is that annotator's `violation` of the trait on the message's step, as it is for the side.
 */
export function stepRows(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): StepRow[] {
  const stepLevel = labels.some((a) => a.labels.some((e) => e.kind === 'span' || e.kind === 'step_verdict' || e.kind === 'step_flag'));
  if (!stepLevel) return [];
  return trajectories(item).flatMap((side) => sideRows(item, side, labels));
}

function sideRows(item: ReviewItem, side: Trajectory, labels: readonly AnnotatorItemLabels[]): StepRow[] {
  const steps = sideSteps(side.messages);
  const offset = side.prompt?.offset ?? 0;
  return steps.map((s) => {
    const m = side.messages[s.message]!;
    const call = s.callIndex === undefined ? undefined : m.tool_calls![s.callIndex]!;
    // A call without an id cannot be labeled by id; its step carries no labels.
    const callId = call ? (call.id ?? null) : undefined;
    const annotators: StepRow['annotators'] = [];
    for (const a of labels) {
      const verdicts = Object.create(null) as Record<string, z.infer<typeof verdictValue>>;
      const flags: string[] = [];
      const spans: StepRow['annotators'][number]['spans'] = [];
      if (callId !== null) {
        for (const e of stepLabelsOf(a.labels)) {
          if (labelMessage(e, side) !== s.message || e.call !== callId) continue;
          if (e.kind === 'step_verdict') verdicts[e.trait] = e.value;
          else flags.push(e.flag);
        }
      }
      if (callId !== null) {
        // A span on a call's arguments is on the call's step; every other span is on its message's.
        for (const e of spansOf(a.labels)) {
          if (labelMessage(e, side) !== s.message || spanCall(e) !== (callId ?? '')) continue;
          spans.push({ id: e.id, field: e.field, ...(e.toolCallId !== undefined && { toolCallId: e.toolCallId }), start: e.start, end: e.end, quote: e.quote, trait: e.trait, ...(e.severity !== undefined && { severity: e.severity }), ...(e.note !== undefined && { note: e.note }) });
          verdicts[e.trait] = 'violation';
        }
      }
      if (Object.keys(verdicts).length || flags.length || spans.length) annotators.push({ annotator: a.annotator, verdicts: { ...verdicts }, flags, spans });
    }
    const traits = [...new Set(annotators.flatMap((a) => Object.keys(a.verdicts)))];
    const verdicts: StepRow['verdicts'] = Object.create(null) as StepRow['verdicts'];
    for (const t of traits) {
      const m = majority(annotators.flatMap((a) => (a.verdicts[t] === 'ok' || a.verdicts[t] === 'violation' ? [a.verdicts[t]] : [])));
      if (m.kind === 'winner') verdicts[t] = m.value;
    }
    const text = call ? undefined : messageText(m);
    return {
      item: item.id,
      side: side.name,
      ...(side.prompt && { in: 'prompt' as const }),
      step: s.index,
      steps: steps.length,
      message: s.message + offset,
      role: m.role,
      call: call ? { id: call.id ?? null, name: call.function.name, arguments: call.function.arguments ?? '' } : null,
      ...(text !== undefined && { content: text }),
      ...(!call && m.reasoning !== undefined && { reasoning: m.reasoning }),
      context: side.prompt ? { prompt: s.message + offset, messages: 0 } : { prompt: item.prompt.length, messages: s.message },
      verdicts: { ...verdicts },
      annotators,
    };
  });
}

/** `steps`: one row per step of each side, for process-reward-model data. */
export function stepsExporter(): ItemExporter {
  let rows = 0;
  let labeled = 0;
  return {
    begin: () => '',
    item(item, labels) {
      const out = stepRows(item, labels);
      rows += out.length;
      labeled += out.filter((r) => r.annotators.length > 0).length;
      return out.map(jsonLine).join('');
    },
    summary: () => `steps: ${rows.toLocaleString('en-US')} rows, ${labeled.toLocaleString('en-US')} with a human label on the step`,
  };
}
