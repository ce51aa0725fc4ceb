/**
 * Steps of an agent trajectory, and the one "current step" of the view. A step is one message of
 * a trajectory past the first model turn: a model turn (with its tool calls), a tool result, or a
 * user or system turn in between. Steps are a side's messages, and the shared prompt's messages
 * from its first model turn on (model turns both runs share: `shared`). A stop for the tool-call
 * keys is one call of a model turn. Pure: the views and main.ts turn a step into an element.
 *
 * The current step (`ViewState.step`, read with `currentStep`) is the one notion other features
 * use (step verdicts act on it); the step keys move it and the outline shows it.
 */
import type { Message, ReviewItem } from '../src/core/schema';
import type { TurnPair } from '../src/core/diff/align';
import type { AddEvent } from '../src/core/labels/labelEvent';
import { columns, type ViewState } from './state';
import { isToolError } from './toolResult';
import { promptStepStart } from '../src/core/labels/steps';

import type { StepRef } from './stepRef';

export type { StepRef, StepWhere } from './stepRef';

/** A step as the outline lists it. */
export interface StepInfo {
  ref: StepRef;
  /** 1-based, counting the shared steps first. */
  number: number;
  role: string;
  /** The functions its tool calls name, or the tool a result came from. */
  tools: string[];
  /** Labels on this step (mine, and others' when shown). */
  labels: number;
  error: boolean;
  /** The sub-agent whose turn it is, when it is one. */
  subagent?: string;
}

/** The view's current step, or null: the one place to read it. */
export function currentStep(state: ViewState): StepRef | null {
  return state.step;
}

/** Where the shared prompt's steps begin: its first model turn (none: everything before is the prompt proper). */
export const sharedStepStart: (prompt: readonly Message[]) => number = promptStepStart;

/** The sub-agent a message belongs to (adapters mark its turns with `subagent: { id }`). */
export function subagentOf(m: Message): string | undefined {
  const s = (m as { subagent?: unknown }).subagent;
  if (s && typeof s === 'object' && typeof (s as { id?: unknown }).id === 'string') return (s as { id: string }).id;
  return undefined;
}

function toolsOf(m: Message): string[] {
  if (m.tool_calls?.length) return m.tool_calls.map((c) => c.function.name);
  if (m.role === 'tool' && m.name) return [m.name.split(' · ').filter((p) => !p.startsWith('sub-agent ') && p !== 'error')[0] ?? m.name];
  return [];
}

/** Spans and step labels on a message of a side, or of the shared prompt (`side` null). */
function labelsOn(labels: readonly AddEvent[], side: string | null, message: number): number {
  let n = 0;
  for (const l of labels) {
    if (l.kind !== 'span' && l.kind !== 'step_verdict' && l.kind !== 'step_flag') continue;
    if (l.message === message && (side === null ? l.in === 'prompt' : l.in !== 'prompt' && l.side === side)) n++;
  }
  return n;
}

/** A column's steps in reading order: the shared ones, then its side's (`where` is left or right). */
export function stepsOf(state: ViewState, where: 'left' | 'right'): StepInfo[] {
  const item = state.item;
  const col = columns(state)?.find((c) => c.position === where);
  if (!item || !col) return [];
  const out: StepInfo[] = [];
  const add = (m: Message, ref: StepRef, labels: number) => {
    const sub = subagentOf(m);
    out.push({ ref, number: out.length + 1, role: m.role, tools: toolsOf(m), labels, error: isToolError(m), ...(sub ? { subagent: sub } : {}) });
  };
  const others = state.view.showOthers ? state.others : [];
  for (let i = sharedStepStart(item.prompt); i < item.prompt.length; i++) add(item.prompt[i]!, { where: 'shared', message: i }, labelsOn(state.labels, null, i) + labelsOn(others, null, i));
  col.side.messages.forEach((m, i) => add(m, { where, message: i }, labelsOn(state.labels, col.side.name, i) + labelsOn(others, col.side.name, i)));
  return out;
}

/** What a step key moves to. */
export type StepMove = 'step' | 'toolCall' | 'labeled';

/** Reading order of stops: shared steps first, then by message, a turn before its calls. */
function order(r: StepRef): [number, number, number] {
  return [r.where === 'shared' ? 0 : 1, r.message, r.call ?? -1];
}
function compare(a: StepRef, b: StepRef): number {
  const [x, y] = [order(a), order(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The stops a move walks in a column. */
export function stopsOf(state: ViewState, where: 'left' | 'right', move: StepMove): StepRef[] {
  const steps = stepsOf(state, where);
  if (move === 'labeled') return steps.filter((s) => s.labels > 0).map((s) => s.ref);
  if (move === 'step') return steps.map((s) => s.ref);
  const item = state.item;
  const col = columns(state)?.find((c) => c.position === where);
  if (!item || !col) return [];
  const message = (r: StepRef) => (r.where === 'shared' ? item.prompt[r.message] : col.side.messages[r.message]);
  return steps.flatMap((s) => (message(s.ref)?.tool_calls ?? []).map((_, call) => ({ ...s.ref, call })));
}

/**
 * The next (`dir` 1) or previous (-1) stop in a column from the current step; from none (or a
 * step of the other column), the first or last. Undefined when there is none that way.
 */
export function moveStep(state: ViewState, where: 'left' | 'right', move: StepMove, dir: 1 | -1): StepRef | undefined {
  const stops = stopsOf(state, where, move);
  const here = state.step && (state.step.where === where || state.step.where === 'shared') ? state.step : null;
  if (!here) return dir === 1 ? stops[0] : stops.at(-1);
  return dir === 1 ? stops.find((s) => compare(s, here) > 0) : stops.filter((s) => compare(s, here) < 0).at(-1);
}

export function sameStep(a: StepRef | null | undefined, b: StepRef | null | undefined): boolean {
  return !!a && !!b && a.where === b.where && a.message === b.message && (a.call ?? -1) === (b.call ?? -1);
}

/** A run of rows where only one side has messages (the other shows gaps). */
export interface Stretch {
  /** First row, and past the last. */
  start: number;
  end: number;
  /** The data side (0 / 1) that has the messages. */
  dataIndex: 0 | 1;
}

/** Stretches at least this many rows long start collapsed to one compact row (fewer fit on a screen anyway). */
export const stretchMin = 5;

/** The one-sided stretches of an alignment long enough to collapse. */
export function unmatchedStretches(turns: readonly TurnPair[], min = stretchMin): Stretch[] {
  const out: Stretch[] = [];
  let i = 0;
  while (i < turns.length) {
    const [l, r] = turns[i]!;
    const one: 0 | 1 | undefined = l !== null && r === null ? 0 : l === null && r !== null ? 1 : undefined;
    if (one === undefined) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < turns.length && (one === 0 ? turns[j]![0] !== null && turns[j]![1] === null : turns[j]![0] === null && turns[j]![1] !== null)) j++;
    if (j - i >= min) out.push({ start: i, end: j, dataIndex: one });
    i = j;
  }
  return out;
}

/** The row a side's message is shown in. */
export function rowOf(turns: readonly TurnPair[], dataIndex: 0 | 1, message: number): number {
  return turns.findIndex((p) => p[dataIndex] === message);
}

/** The stretches shown collapsed: long one-sided ones the user has not opened. */
export function collapsedStretches(state: Pick<ViewState, 'turns' | 'openStretches'>): Stretch[] {
  return unmatchedStretches(state.turns).filter((s) => !state.openStretches.includes(s.start));
}

/** A sub-agent's run of consecutive turns on one side: its key for folding, and its message range. */
export interface SubagentRun {
  key: string;
  id: string;
  first: number;
  /** Past the last message. */
  end: number;
}

/** Consecutive turns of one sub-agent on a side, in order. */
export function subagentRuns(side: string, messages: readonly Message[]): SubagentRun[] {
  const out: SubagentRun[] = [];
  for (let i = 0; i < messages.length; i++) {
    const id = subagentOf(messages[i]!);
    if (!id) continue;
    const last = out.at(-1);
    if (last && last.id === id && last.end === i) last.end = i + 1;
    else out.push({ key: `${side}\u0000${id}\u0000${i}`, id, first: i, end: i + 1 });
  }
  return out;
}

/** The message of a step in the item, if it exists. */
export function stepMessage(item: ReviewItem, state: ViewState, ref: StepRef): Message | undefined {
  if (ref.where === 'shared') return item.prompt[ref.message];
  return columns(state)?.find((c) => c.position === ref.where)?.side.messages[ref.message];
}

/** How a step reads in the outline and to a screen reader: "3 · assistant · bash, read_file · 2 labels". */
export function stepLabel(s: StepInfo): string {
  const parts = [String(s.number), s.subagent ? `sub-agent ${s.subagent} · ${s.role}` : s.role];
  if (s.tools.length) parts.push(s.tools.join(', '));
  if (s.error) parts.push('error');
  if (s.labels) parts.push(`${s.labels} ${s.labels === 1 ? 'label' : 'labels'}`);
  if (s.ref.where === 'shared') parts.push('shared');
  return parts.join(' · ');
}
