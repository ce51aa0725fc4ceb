import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseName, dirName, relativePath } from '../../src/core/posixPath';
import { defaultSideNames } from '../../src/core/input/sideNames';

test('URI path helpers: base name, folder, relative path', () => {
  assert.equal(baseName('/a/b/c.jsonl'), 'c.jsonl');
  assert.equal(baseName('c.jsonl'), 'c.jsonl');
  assert.equal(dirName('/a/b/c.jsonl'), '/a/b');
  assert.equal(dirName('/c.jsonl'), '/');
  assert.equal(relativePath('/a/b', '/a/b/x.jsonl'), 'x.jsonl');
  assert.equal(relativePath('/a/b', '/a/c/d.jsonl'), '../c/d.jsonl');
  assert.equal(relativePath('/', '/r/x.jsonl'), 'r/x.jsonl');
});

test('side names: base names, qualified by folder when equal, else baseline/trained', () => {
  assert.deepEqual(defaultSideNames({ base: 'base.jsonl', parent: 'runs' }, { base: 'rl.jsonl', parent: 'runs' }), ['base', 'rl']);
  assert.deepEqual(defaultSideNames({ base: 'out.jsonl', parent: 'a' }, { base: 'out.jsonl', parent: 'b' }), ['a/out', 'b/out']);
  assert.deepEqual(defaultSideNames({ base: 'out.jsonl', parent: 'a' }, { base: 'out.jsonl', parent: 'a' }), ['baseline', 'trained']);
});
