import type { AddEvent } from './labelEvent';
import type { ReviewItem } from '../schema';
import { bothBadValue, tieValue } from './humanLabels';
import { spanSource, type SpanField } from './spanSource';
import { clip, stepName } from './labelDescribe';
import { checkPromptPlace, checkPromptStep, checkStep } from './labelCheck';
import { inPrompt } from './labelEvent';
import type { StepVerdictLabel } from './labelEvent';

export type ContradictionRule = 'ok-despite-span' | 'ok-despite-step' | 'preference-against-verdicts' | 'unknown-side' | 'unknown-criterion' | 'span-outside-text' | 'unknown-step';

/** A problem with one annotator's labels on one item, as the Problems panel and `check` show it. */
export interface Contradiction {
  rule: ContradictionRule;
  message: string;
  /** The label events involved, so an editor can jump to them. */
  labelIds: string[];
}

/**
 * Labels of one annotator on one item that contradict each other or the item:
 * - `ok-despite-span`: a verdict `ok` for a trait on a side that has a violation span of that trait;
 * - `preference-against-verdicts`: a per-trait preference for the side judged to violate the
 *   trait while the other side was judged ok on it;
 * - `unknown-side` / `unknown-criterion`: a label naming a side or rubric criterion the item lacks;
 * - `span-outside-text`: a span past the end of its message (the transcript changed under it);
 * - `ok-despite-step`: a verdict `ok` for a trait on a side one of whose steps is labeled a
 *   `violation` of that trait;
 * - `unknown-step`: a step label on a message or tool call the side lacks.
 * A label in the shared prompt (`in: 'prompt'`) is on neither side, so it contradicts no side's
 * verdict or preference; it is checked against the prompt (`unknown-step`, `span-outside-text`).
 * Pure, so the editor's Problems panel and the CLI's `check` apply the same rules.
 */
/** `name` gives the name a side is shown as (blind mode: "Response A"); messages use it. */
export function findContradictions(item: ReviewItem, labels: readonly AddEvent[], name: (side: string) => string = (s) => s): Contradiction[] {
  const out: Contradiction[] = [];
  const sideNames = item.sides.map((s) => s.name);
  const criteria = new Set((item.metadata.rubric ?? []).map((c) => c.id));
  const verdicts = new Map<string, AddEvent & { kind: 'verdict' }>();
  const spans = new Map<string, (AddEvent & { kind: 'span' })[]>();
  const stepViolations = new Map<string, StepVerdictLabel[]>();
  // Each message's text once, however many spans it has (20k spans on one item were 20k joins of it).
  const texts = new Map<string, string | undefined>();
  const textOf = (side: string, index: number, field: SpanField, call: string | undefined): string | undefined => {
    const key = `${side}\u0000${index}\u0000${field}\u0000${call ?? ''}`;
    if (texts.has(key)) return texts.get(key);
    const message = item.sides[sideNames.indexOf(side)]!.messages[index];
    const text = message ? (field === 'reasoning' ? (message.reasoning ?? '') : spanSource(message, field, call)) : undefined;
    texts.set(key, text);
    return text;
  };

  for (const e of labels) {
    if (inPrompt(e)) {
      promptLabel(e, item, out);
      continue;
    }
    if ('side' in e && e.side !== undefined && !sideNames.includes(e.side)) {
      out.push({ rule: 'unknown-side', message: `${e.kind} label on side '${e.side}', which item '${item.id}' does not have (sides: ${sideNames.join(', ')})`, labelIds: [e.id] });
      continue;
    }
    switch (e.kind) {
      case 'verdict':
        verdicts.set(`${e.side}\u0000${e.trait}`, e);
        break;
      case 'span': {
        const key = `${e.side}\u0000${e.trait}`;
        const list = spans.get(key);
        if (list) list.push(e);
        else spans.set(key, [e]);
        const text = textOf(e.side, e.message, e.field, e.toolCallId);
        if (text === undefined || e.end > text.length || e.start > e.end) {
          out.push({
            rule: 'span-outside-text',
            message: `${e.trait} span [${e.start}, ${e.end}) on ${name(e.side)} message ${e.message} lies outside the text${text === undefined ? ' (no such message)' : ` (${text.length} characters)`}`,
            labelIds: [e.id],
          });
        }
        break;
      }
      case 'step_verdict':
      case 'step_flag': {
        const missing = checkStep(e, item.sides[sideNames.indexOf(e.side)]!.messages, item.id);
        if (missing) out.push({ rule: 'unknown-step', message: `${e.kind === 'step_verdict' ? `${e.trait} step verdict` : `step flag ${e.flag}`} on ${name(e.side)}: ${missing.replace(`side "${e.side}"`, name(e.side))}`, labelIds: [e.id] });
        if (e.kind === 'step_verdict' && e.value === 'violation') {
          const key = `${e.side}\u0000${e.trait}`;
          stepViolations.set(key, [...(stepViolations.get(key) ?? []), e]);
        }
        break;
      }
      case 'rubric':
        if (!criteria.has(e.criterion)) out.push({ rule: 'unknown-criterion', message: `rubric label for criterion '${e.criterion}', which item '${item.id}' has no rubric entry for`, labelIds: [e.id] });
        break;
      case 'preference':
        if (!sideNames.includes(e.value) && e.value !== tieValue && e.value !== bothBadValue) {
          out.push({ rule: 'unknown-side', message: `preference '${e.value}' is neither a side of item '${item.id}' (${sideNames.join(', ')}) nor tie or both_bad`, labelIds: [e.id] });
        }
        break;
      default:
        break;
    }
  }

  for (const [key, verdict] of verdicts) {
    const tagged = spans.get(key);
    if (verdict.value === 'ok' && tagged) {
      out.push({
        rule: 'ok-despite-span',
        message: `verdict ok for ${verdict.trait} on ${name(verdict.side)}, but ${tagged.length === 1 ? 'a' : tagged.length} ${verdict.trait} violation span${tagged.length === 1 ? ' is' : 's are'} tagged there ("${clip(tagged[0]!.quote)}")`,
        labelIds: [verdict.id, ...tagged.map((s) => s.id)],
      });
    }
  }

  for (const [key, verdict] of verdicts) {
    const steps = stepViolations.get(key);
    if (verdict.value === 'ok' && steps) {
      out.push({
        rule: 'ok-despite-step',
        message: `verdict ok for ${verdict.trait} on ${name(verdict.side)}, but ${steps.length === 1 ? `its ${stepName(steps[0]!)} is` : `${steps.length} of its steps are`} labeled a ${verdict.trait} violation`,
        labelIds: [verdict.id, ...steps.map((s) => s.id)],
      });
    }
  }

  const judged = (side: string, trait: string) => (spans.has(`${side}\u0000${trait}`) || stepViolations.has(`${side}\u0000${trait}`) ? 'violation' : verdicts.get(`${side}\u0000${trait}`)?.value);
  for (const e of labels) {
    if (e.kind !== 'preference' || e.trait === undefined) continue;
    const chosen = sideNames.indexOf(e.value);
    if (chosen < 0) continue;
    const other = sideNames[1 - chosen]!;
    if (judged(e.value, e.trait) === 'violation' && judged(other, e.trait) === 'ok') {
      out.push({
        rule: 'preference-against-verdicts',
        message: `prefers ${name(e.value)} on ${e.trait}, but ${name(e.value)} is labeled a ${e.trait} violation and ${name(other)} ok`,
        labelIds: [e.id],
      });
    }
  }
  return out;
}

/** The checks of a label in the shared prompt: its step exists, and a span lies within its text. */
function promptLabel(e: AddEvent, item: ReviewItem, out: Contradiction[]): void {
  if (e.kind === 'step_verdict' || e.kind === 'step_flag') {
    const missing = checkPromptStep(e, item);
    if (missing) out.push({ rule: 'unknown-step', message: `${e.kind === 'step_verdict' ? `${e.trait} step verdict` : `step flag ${e.flag}`} in the shared prompt: ${missing}`, labelIds: [e.id] });
    return;
  }
  if (e.kind !== 'span') return;
  const missing = checkPromptPlace(e, item);
  const text = missing ? undefined : spanSource(item.prompt[e.message]!, e.field, e.toolCallId);
  if (text === undefined || e.end > text.length || e.start > e.end) {
    out.push({
      rule: 'span-outside-text',
      message: `${e.trait} span [${e.start}, ${e.end}) on message ${e.message} of the shared prompt lies outside the text${text === undefined ? ` (${missing ?? 'no such text'})` : ` (${text.length} characters)`}`,
      labelIds: [e.id],
    });
  }
}
