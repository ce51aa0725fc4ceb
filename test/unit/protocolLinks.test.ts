import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viewOptionsSchema, webviewToHostSchema } from '../../src/protocol';

test('link/open carries one bounded URL; the host parses it before acting', () => {
  assert.ok(webviewToHostSchema.safeParse({ type: 'link/open', requestId: 'r', url: 'https://example.com/docs' }).success);
  assert.ok(!webviewToHostSchema.safeParse({ type: 'link/open', requestId: 'r', url: '' }).success);
  assert.ok(!webviewToHostSchema.safeParse({ type: 'link/open', requestId: 'r', url: 'x'.repeat(8193) }).success);
  assert.ok(!webviewToHostSchema.safeParse({ type: 'link/open', requestId: 'r' }).success);
});

test('the Raw view option is optional (older saved view options still load) and boolean', () => {
  const base = { diff: true, syncScroll: true, blind: false, swapped: false, showOthers: false };
  assert.ok(viewOptionsSchema.safeParse(base).success);
  assert.ok(viewOptionsSchema.safeParse({ ...base, raw: true }).success);
  assert.ok(!viewOptionsSchema.safeParse({ ...base, raw: 'yes' }).success);
});
