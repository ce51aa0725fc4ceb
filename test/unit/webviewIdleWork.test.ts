// The item `j` goes to is readied a piece at a time while the view is idle, and also in a page that
// is never idle (the workbench, where an idle callback without a timeout never ran): there a callback
// that timed out runs one piece, so the item is still readied and a key waits for one piece at most.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idleTimeoutMs, whileIdle } from '../../webview/idleWork';
import { prepareAhead } from '../../webview/prepareAhead';
import { item } from './webviewFixtures';

type Asked = { run: IdleRequestCallback; timeout: number | undefined };

/** requestIdleCallback as the page gives it: calls are kept, run by the test. */
function idleCallbacks(): { asked: Asked[]; fire(idleMs: number | 'timedOut'): void } {
  const asked: Asked[] = [];
  globalThis.requestIdleCallback = (run, options) => {
    asked.push({ run, timeout: options?.timeout });
    return asked.length;
  };
  return {
    asked,
    fire(idleMs) {
      const next = asked.shift();
      assert.ok(next, 'a callback was asked for');
      const left = idleMs === 'timedOut' ? 0 : idleMs;
      next.run({ didTimeout: idleMs === 'timedOut', timeRemaining: () => left });
    },
  };
}

test('a page that is never idle still gets every piece done, one a callback, each asked for with a timeout', () => {
  const idle = idleCallbacks();
  let left = 3;
  whileIdle(() => --left > 0);
  for (let done = 1; done <= 3; done++) {
    assert.equal(idle.asked.length, 1);
    assert.equal(idle.asked[0]!.timeout, idleTimeoutMs);
    idle.fire('timedOut');
    assert.equal(left, 3 - done, 'one piece per callback that timed out');
  }
  assert.equal(idle.asked.length, 0, 'nothing asked for once the work is done');
});

test('an idle moment runs pieces while more than 2 ms of it are left, then asks again', () => {
  const idle = idleCallbacks();
  let ran = 0;
  let remaining = 7;
  whileIdle(() => {
    ran++;
    remaining -= 2;
    return true;
  });
  const next = idle.asked.shift()!;
  next.run({ didTimeout: false, timeRemaining: () => remaining });
  assert.equal(ran, 3, '7, 5 and 3 ms left: three pieces; at 1 ms, none');
  assert.equal(idle.asked.length, 1);
  // A moment too short for any piece runs none.
  idle.fire(1);
  assert.equal(ran, 3);
  assert.equal(idle.asked.length, 1);
});

test('prepareAhead in a page that is never idle: the texts are parsed, then the bodies asked for, then it stops', () => {
  const idle = idleCallbacks();
  const next = {
    ...item,
    id: 'item-ahead',
    prompt: [{ role: 'user' as const, content: 'Why **this**?' }],
    sides: [
      { name: 'baseline', model: 'a', messages: [{ role: 'assistant' as const, content: '## One\n\n- a\n- b' }] },
      { name: 'trained', model: 'b', messages: [{ role: 'assistant' as const, content: '## Two\n\n1. c' }] },
    ] as typeof item.sides,
  };
  let asked = 0;
  prepareAhead(next, () => (asked++, []));
  // Three texts, one a callback; then the bodies (none here), then the end.
  for (let i = 0; i < 3; i++) idle.fire('timedOut');
  assert.equal(asked, 0, 'the bodies are asked for once the texts are parsed');
  idle.fire('timedOut');
  assert.equal(asked, 1);
  idle.fire('timedOut');
  assert.equal(idle.asked.length, 0, 'done: nothing asked for');
});
