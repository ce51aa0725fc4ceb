import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyBindings, keyTableMarkdown, resolvedKeys, reviewKeyWhen } from '../../src/core/review/keys';
import { contributedKeys, contributedTitles, titleKey } from '../../src/core/review/keysContribution';
import { hostToWebviewSchema } from '../../src/protocol';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: Record<string, unknown> };

test('package.json contributes exactly the key table (npm run keys writes it): every key a keybinding scoped to the review editor', () => {
  assert.deepEqual(pkg.contributes, contributedKeys(pkg.contributes), 'package.json differs from src/core/review/keys.ts: run `npm run keys`');
  const bindings = pkg.contributes.keybindings as { command: string; key: string; when: string }[];
  assert.equal(bindings.length, keyBindings.length);
  for (const b of bindings) {
    assert.equal(b.when, reviewKeyWhen);
    assert.match(b.when, /activeCustomEditorId == 'transcriptReview\.reviewEditor'/);
    assert.match(b.when, /!transcriptReview\.typing/, `${b.command} must not fire while a note is typed`);
  }
  const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  for (const b of keyBindings) assert.ok(commands.has(b.command), `${b.command} is a contributed command`);
});

test('every contributed title is a %key% of package.nls.json, so each can be translated; the key commands’ English titles are the table’s', () => {
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual(nls, contributedTitles(nls, pkg.contributes), 'package.nls.json differs from src/core/review/keys.ts: run `npm run keys`');
  for (const c of pkg.contributes.commands as { command: string; title: string }[]) {
    const key = /^%(.+)%$/.exec(c.title)?.[1];
    assert.ok(key, `${c.command} has a title in plain text: ${c.title}`);
    assert.ok(nls[key], `${c.command}: ${key} is not in package.nls.json`);
  }
  assert.equal(nls[titleKey('transcriptReview.nextItem')], keyBindings.find((b) => b.command === 'transcriptReview.nextItem')!.title);
});

test('no two review-editor keys share a key', () => {
  const keys = keyBindings.map((b) => b.key);
  assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
});

test('the README key table is the key table (npm run keys writes it)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /<!-- keys -->\n([\s\S]*?)\n<!-- \/keys -->/.exec(readme)?.[1];
  assert.equal(block, keyTableMarkdown());
});

test('keybindings.json: a removed default is gone, an added key is shown, other commands keep theirs', () => {
  const keys = resolvedKeys([
    { key: 'm', command: 'transcriptReview.nextItem' },
    { key: 'j', command: '-transcriptReview.nextItem' },
    { key: 'a', command: '-transcriptReview.preferLeft' },
    { key: 'z', command: 'some.otherCommand' },
  ]);
  assert.deepEqual(keys.get('transcriptReview.nextItem'), ['m']);
  assert.deepEqual(keys.get('transcriptReview.preferLeft'), []);
  assert.deepEqual(keys.get('transcriptReview.previousItem'), ['k']);
  assert.equal(keys.has('some.otherCommand'), false);
});

test('on a Mac the shipped undo and redo keys are Cmd, as VS Code binds them; elsewhere Ctrl', () => {
  assert.deepEqual(resolvedKeys([], true).get('transcriptReview.undoLabel'), ['cmd+z']);
  assert.deepEqual(resolvedKeys([], true).get('transcriptReview.redoLabel'), ['cmd+shift+z']);
  assert.deepEqual(resolvedKeys([]).get('transcriptReview.undoLabel'), ['ctrl+z']);
  assert.deepEqual(resolvedKeys([{ key: 'cmd+z', command: '-transcriptReview.undoLabel' }], true).get('transcriptReview.undoLabel'), []);
  assert.deepEqual(resolvedKeys([], true).get('transcriptReview.nextItem'), ['j']);
});

test('ui/key carries only known actions and a positive trait number', () => {
  assert.ok(hostToWebviewSchema.safeParse({ type: 'ui/key', action: 'violation', n: 2 }).success);
  assert.ok(!hostToWebviewSchema.safeParse({ type: 'ui/key', action: 'format-disk' }).success);
  assert.ok(!hostToWebviewSchema.safeParse({ type: 'ui/key', action: 'trait', n: 0 }).success);
});
