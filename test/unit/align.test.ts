import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignTurns } from '../../src/core/diff/align';
import type { Message } from '../../src/core/schema';

const as = (content: string): Message => ({ role: 'assistant', content });
const us = (content: string): Message => ({ role: 'user', content });

test('multi-turn sides align turn by turn on the shared user turns', () => {
  assert.deepEqual(alignTurns([as('a1'), us('q2'), as('a2')], [as('b1'), us('q2'), as('b2')]), [
    [0, 0],
    [1, 1],
    [2, 2],
  ]);
});

test('an extra tool round on one side leaves gaps on the other', () => {
  const a = [as('call'), { role: 'tool', content: 'result' } as Message, as('answer')];
  const b = [as('answer')];
  assert.deepEqual(alignTurns(a, b), [
    [0, 0],
    [1, null],
    [2, null],
  ]);
});
