import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webviewToHostSchema } from '../../src/protocol';

const draft = { kind: 'verdict', item: 'i', side: 'trained', trait: 'truthfulness', value: 'ok' };
const table: [string, unknown, boolean][] = [
  ['webview/ready', { type: 'webview/ready', requestId: 'r' }, true],
  ['webview/ready without a request id', { type: 'webview/ready' }, false],
  ['item/show', { type: 'item/show', requestId: 'r', index: 3 }, true],
  ['item/show at a negative index', { type: 'item/show', requestId: 'r', index: -1 }, false],
  ['item/show at a fractional index', { type: 'item/show', requestId: 'r', index: 1.5 }, false],
  ['item/showNextUnlabeled', { type: 'item/showNextUnlabeled', requestId: 'r' }, true],
  ['item/goTo', { type: 'item/goTo', requestId: 'r' }, true],
  ['item/revealRaw', { type: 'item/revealRaw', requestId: 'r' }, true],
  ['label/add', { type: 'label/add', requestId: 'r', draft }, true],
  ['label/add with a value outside the enum', { type: 'label/add', requestId: 'r', draft: { ...draft, value: 'VIOLATION' } }, false],
  ['label/add with an unknown kind', { type: 'label/add', requestId: 'r', draft: { ...draft, kind: 'vibe' } }, false],
  ['label/add without a draft', { type: 'label/add', requestId: 'r' }, false],
  ['label/replace', { type: 'label/replace', requestId: 'r', target: '01JD', draft }, true],
  ['label/replace without a target', { type: 'label/replace', requestId: 'r', draft }, false],
  ['label/replace with a span draft missing its range', { type: 'label/replace', requestId: 'r', target: '01JD', draft: { ...draft, kind: 'span' } }, false],
  ['label/remove', { type: 'label/remove', requestId: 'r', target: '01JD' }, true],
  ['label/remove with an empty target', { type: 'label/remove', requestId: 'r', target: '' }, false],
  ['label/undo', { type: 'label/undo', requestId: 'r' }, true],
  ['label/redo', { type: 'label/redo', requestId: 'r' }, true],
  ['view/set', { type: 'view/set', requestId: 'r', options: { blind: true } }, true],
  ['view/set with a string for a boolean', { type: 'view/set', requestId: 'r', options: { blind: 'yes' } }, false],
  ['an unknown type', { type: 'fs/write', requestId: 'r', path: '/etc/passwd' }, false],
  ['a request id of 65 characters', { type: 'webview/ready', requestId: 'x'.repeat(65) }, false],
  ['not an object', 'label/add', false],
];

for (const [name, message, ok] of table) {
  test(`protocol: ${name} is ${ok ? 'accepted' : 'rejected'}`, () => {
    assert.equal(webviewToHostSchema.safeParse(message).success, ok);
  });
}
