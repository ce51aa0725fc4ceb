import type { Message, ReviewItem } from '../schema';
import { majority, type AnnotatorItemLabels } from './humanLabels';
import type { AddEvent, SpanLabel } from './labelEvent';

/**
 * Where the prompt's steps begin: its first model turn. Two runs that share model turns (a run
 * against itself, a replayed prefix) have them in the prompt; from this message on the prompt is
 * steps both runs share, labeled with `in: 'prompt'`. Before it, the prompt proper. No model turn:
 * the prompt's length (no shared steps).
 */
export function promptStepStart(prompt: readonly Message[]): number {
  const i = prompt.findIndex((m) => m.role === 'assistant');
  return i < 0 ? prompt.length : i;
}

/** How reports and the `steps` export name the shared prompt's steps where a side name goes. */
export const sharedName = 'shared';

/**
 * A trajectory whose steps carry labels: a side's messages, or the shared prompt's steps
 * (`prompt`: messages are `item.prompt.slice(offset)`, labels name them with `in: 'prompt'`).
 */
export interface Trajectory {
  /** The side's name, or `sharedName`. */
  name: string;
  messages: readonly Message[];
  /** For the shared prompt: the index in the prompt of `messages[0]`. */
  prompt?: { offset: number };
}

/** The item's trajectories: the shared prompt's steps first (when it has any), then each side. */
export function trajectories(item: ReviewItem): Trajectory[] {
  const start = promptStepStart(item.prompt);
  const shared: Trajectory[] = start < item.prompt.length ? [{ name: sharedName, messages: item.prompt.slice(start), prompt: { offset: start } }] : [];
  return [...shared, ...item.sides.map((s) => ({ name: s.name, messages: s.messages }))];
}

/**
 * The message index in a trajectory a span or step label names, or undefined when it is not on
 * that trajectory (another side, or the prompt for a side's trajectory and the other way round).
 */
export function labelMessage(e: { side: string; in?: 'prompt' | undefined; message: number }, t: Trajectory): number | undefined {
  if (t.prompt) return e.in === 'prompt' ? e.message - t.prompt.offset : undefined;
  return e.in !== 'prompt' && e.side === t.name ? e.message : undefined;
}

/** One step of a side: a message, or one of its tool calls. */
export interface Step {
  /** Position in the side's steps, from 0. */
  index: number;
  message: number;
  /** The tool call's index in the message's `tool_calls`, for a call step. */
  callIndex?: number;
}

/** A side's steps in order: each message, then each of its tool calls. */
export function sideSteps(messages: readonly Message[]): Step[] {
  const out: Step[] = [];
  messages.forEach((m, message) => {
    out.push({ index: out.length, message });
    (m.tool_calls ?? []).forEach((_, callIndex) => out.push({ index: out.length, message, callIndex }));
  });
  return out;
}

/**
 * The tool a step belongs to: a call's function name; for a tool result, the name of the call it
 * answers (by `tool_call_id`, else the message's `name`); none for other messages.
 */
export function stepTool(messages: readonly Message[], step: Step): string | undefined {
  const m = messages[step.message]!;
  if (step.callIndex !== undefined) return m.tool_calls![step.callIndex]!.function.name;
  if (m.role !== 'tool') return undefined;
  for (let i = step.message - 1; i >= 0 && m.tool_call_id !== undefined; i--) {
    const call = messages[i]!.tool_calls?.find((c) => c.id === m.tool_call_id);
    if (call) return call.function.name;
  }
  return m.name;
}

/** The tool call whose step a span is on: the call whose arguments it tags, else none (`''`: its message's step). */
export function spanCall(span: SpanLabel): string {
  return span.field === 'arguments' ? (span.toolCallId ?? '') : '';
}

/** A step one side's annotators judged a violation of a trait (majority of those who judged it). */
export interface StepViolation {
  /** The side's name, or `sharedName` for a step of the shared prompt (`step` counts from its first model turn). */
  side: string;
  step: number;
  trait: string;
}

/**
 * Per step and trait, each annotator's judgement — a step verdict `ok` / `violation` on it, or a
 * span of the trait on its message (a violation) — and the steps where the majority (`majority`)
 * says violation. A call without an id cannot be labeled, so it is never a violation. The shared
 * prompt's steps come first, as side `sharedName`.
 */
export function stepViolations(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): StepViolation[] {
  const out: StepViolation[] = [];
  for (const side of trajectories(item)) {
    const steps = sideSteps(side.messages);
    const index = new Map<string, number>();
    for (const s of steps) {
      const call = s.callIndex === undefined ? '' : side.messages[s.message]!.tool_calls![s.callIndex]!.id;
      if (call !== undefined) index.set(`${s.message}\u0000${call}`, s.index);
    }
    const votes = new Map<string, ('ok' | 'violation')[]>();
    for (const a of labels) {
      const mine = new Map<string, 'ok' | 'violation'>();
      for (const e of a.labels) {
        if (e.kind !== 'step_verdict' && e.kind !== 'span') continue;
        const message = labelMessage(e, side);
        if (message === undefined) continue;
        const at = index.get(`${message}\u0000${e.kind === 'step_verdict' ? (e.call ?? '') : spanCall(e)}`);
        if (at === undefined) continue;
        const key = `${at}\u0000${e.trait}`;
        if (e.kind === 'span') mine.set(key, 'violation');
        else if (e.value !== 'unsure' && mine.get(key) !== 'violation') mine.set(key, e.value);
      }
      for (const [key, v] of mine) votes.set(key, [...(votes.get(key) ?? []), v]);
    }
    const found: StepViolation[] = [];
    for (const [key, vs] of votes) {
      const m = majority(vs);
      if (m.kind !== 'winner' || m.value !== 'violation') continue;
      const at = key.indexOf('\u0000');
      found.push({ side: side.name, step: Number(key.slice(0, at)), trait: key.slice(at + 1) });
    }
    out.push(...found.sort((a, b) => a.step - b.step));
  }
  return out;
}

/** Where one annotator's step verdict says violation: the step's message and call id (none: the message's step). */
export interface StepMark {
  message: number;
  call?: string;
}

/**
 * One annotator's step violations on a side, per trait, in reading order (by message, a turn
 * before its calls): what the side's trait grid shows beside the side's own verdict. The fold
 * keeps one step verdict per step and trait, so each step appears once per trait.
 */
export function sideStepViolations(labels: readonly AddEvent[], side: string): Map<string, StepMark[]> {
  const out = new Map<string, StepMark[]>();
  for (const l of labels) {
    if (l.kind !== 'step_verdict' || l.side !== side || l.value !== 'violation') continue;
    const marks = out.get(l.trait) ?? [];
    marks.push(l.call === undefined ? { message: l.message } : { message: l.message, call: l.call });
    out.set(l.trait, marks);
  }
  for (const marks of out.values()) marks.sort((a, b) => a.message - b.message || (a.call === undefined ? -1 : b.call === undefined ? 1 : 0));
  return out;
}
