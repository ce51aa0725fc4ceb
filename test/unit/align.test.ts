import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignTurns } from '../../src/core/diff/align';
import type { Message } from '../../src/core/schema';

const as = (content: string): Message => ({ role: 'assistant', content });
const us = (content: string): Message => ({ role: 'user', content });
const call = (name: string): Message => ({ role: 'assistant', content: '', tool_calls: [{ id: name, type: 'function', function: { name, arguments: '{}' } }] });

test('multi-turn sides align turn by turn on the shared user turns', () => {
  assert.deepEqual(alignTurns([as('a1'), us('q2'), as('a2')], [as('b1'), us('q2'), as('b2')]), [
    [0, 0],
    [1, 1],
    [2, 2],
  ]);
});

test('an extra tool round on one side leaves gaps on the other', () => {
  const a = [call('search'), { role: 'tool', content: 'result' } as Message, as('answer')];
  const b = [as('answer')];
  // The answer pairs with the answer; the call and its result are the one-sided stretch.
  assert.deepEqual(alignTurns(a, b), [
    [0, null],
    [1, null],
    [2, 0],
  ]);
});

test('tool results pair with tool results whatever they returned, so each stays beside its call', () => {
  const a = [call('run_tests'), { role: 'tool', content: '1 failed' } as Message, as('One test fails.')];
  const b = [call('write_file'), { role: 'tool', content: 'PermissionError' } as Message, as('Done.')];
  assert.deepEqual(alignTurns(a, b), [
    [0, 0],
    [1, 1],
    [2, 2],
  ]);
});
