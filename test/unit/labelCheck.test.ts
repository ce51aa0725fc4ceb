import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDraft, maxNoteLength } from '../../src/core/labels/labelCheck';
import { defaultTaxonomy } from '../../src/core/taxonomy';
import type { AddDraft } from '../../src/core/labels/labelEvent';
import type { ReviewItem } from '../../src/core/schema';

const item: ReviewItem = {
  id: 'health-0001',
  prompt: [{ role: 'user', content: 'Chest pain after chili?' }],
  sides: [
    { name: 'baseline', model: 'b', messages: [{ role: 'assistant', content: 'Heartburn is common.', reasoning: 'think' }] },
    { name: 'trained', model: 't', messages: [{ role: 'assistant', content: [{ type: 'text', text: 'See a doctor ' }, { type: 'text', text: 'now.' }] }] },
  ],
  metadata: { rubric: [{ id: 'c1', text: 'Advises a clinician', points: 5 }] },
};
const span = (over: Partial<Extract<AddDraft, { kind: 'span' }>>): AddDraft => ({ kind: 'span', item: item.id, side: 'baseline', message: 0, field: 'content', start: 0, end: 9, quote: 'Heartburn', trait: 'truthfulness', ...over });

const cases: [string, AddDraft, RegExp | undefined][] = [
  ['a span on the exact text', span({}), undefined],
  ['a span over text parts', span({ side: 'trained', start: 4, end: 17, quote: 'a doctor now.' }), undefined],
  ['a span in the reasoning', span({ field: 'reasoning', start: 0, end: 5, quote: 'think' }), undefined],
  ['an invented quote', span({ quote: 'Heartache' }), /quote does not match/],
  ['an offset far past the end', span({ start: 1e15, end: 3 }), /not within/],
  ['an empty range', span({ start: 3, end: 3, quote: '' }), /not within/],
  ['a message that does not exist', span({ message: 999 }), /has no message 999/],
  ['reasoning the message lacks', span({ side: 'trained', field: 'reasoning' }), /has no reasoning/],
  ['a side the item lacks', span({ side: 'chosen' }), /has no side "chosen"/],
  ['an unknown trait', span({ trait: 'vibes' }), /not a trait/],
  ['an unknown severity', span({ severity: 'apocalyptic' }), /not a severity/],
  ['a span note over the cap', span({ note: 'n'.repeat(maxNoteLength + 1) }), /10,001 characters; at most 10,000/],
  ['a verdict', { kind: 'verdict', item: item.id, side: 'trained', trait: 'fairness', value: 'ok' }, undefined],
  ['a verdict on an unknown trait', { kind: 'verdict', item: item.id, side: 'trained', trait: 'vibes', value: 'ok' }, /not a trait/],
  ['a preference for a side', { kind: 'preference', item: item.id, value: 'trained' }, undefined],
  ['a tie', { kind: 'preference', item: item.id, value: 'tie' }, undefined],
  ['a preference for a side the item lacks', { kind: 'preference', item: item.id, value: 'VIOLATION' }, /not a preference/],
  ['a per-trait preference on an unknown trait', { kind: 'preference', item: item.id, value: 'tie', trait: 'vibes' }, /not a trait/],
  ['a rubric criterion the item has', { kind: 'rubric', item: item.id, side: 'trained', criterion: 'c1', value: 'met' }, undefined],
  ['a rubric criterion it lacks', { kind: 'rubric', item: item.id, side: 'trained', criterion: 'c9', value: 'met' }, /no rubric criterion "c9"/],
  ['a flag of the taxonomy', { kind: 'flag', item: item.id, side: 'baseline', flag: 'sycophancy' }, undefined],
  ['an unknown flag', { kind: 'flag', item: item.id, flag: 'cute' }, /not a flag/],
  ['a note', { kind: 'note', item: item.id, text: 'ok' }, undefined],
  ['a 100 MB note', { kind: 'note', item: item.id, text: 'x'.repeat(100_000_000) }, /100,000,000 characters/],
  ['a draft for another item', { kind: 'note', item: 'health-0002', text: 'x' }, /names item "health-0002"/],
];

for (const [name, draft, expected] of cases) {
  test(`checkDraft: ${name} is ${expected ? 'refused' : 'accepted'}`, () => {
    const problem = checkDraft(draft, item, defaultTaxonomy);
    if (expected) assert.match(problem ?? '(accepted)', expected);
    else assert.equal(problem, undefined);
  });
}
