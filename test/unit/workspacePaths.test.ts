import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWithin, pathsOutsideWorkspace } from '../../src/core/posixPath';

test('isWithin: a folder and what lies under it, not a sibling sharing its prefix', () => {
  assert.ok(isWithin('/w/repo', '/w/repo'));
  assert.ok(isWithin('/w/repo/runs/a.jsonl', '/w/repo/'));
  assert.ok(!isWithin('/w/repo2/a.jsonl', '/w/repo'));
  assert.ok(isWithin('C:\\w\\Repo\\a.jsonl', 'c:/w/repo', true));
  assert.ok(!isWithin('C:\\w\\Repo\\a.jsonl', 'c:/w/repo'));
});

test('a manifest in the workspace that aims labels or runs outside it is asked about; one opened from elsewhere is not', () => {
  const folders = ['file:///w/repo'];
  const manifest = 'file:///w/repo/cmp.review.json';
  assert.deepEqual(pathsOutsideWorkspace(manifest, ['file:///w/repo/cmp.labels', 'file:///w/repo/runs/a.jsonl'], folders), []);
  assert.deepEqual(pathsOutsideWorkspace(manifest, ['file:///home/me/.ssh', 'file:///w/repo/runs/a.jsonl'], folders), ['file:///home/me/.ssh']);
  assert.deepEqual(pathsOutsideWorkspace(manifest, ['file:///w/repo-other/labels'], folders), ['file:///w/repo-other/labels']);
  assert.deepEqual(pathsOutsideWorkspace('file:///tmp/x/cmp.review.json', ['file:///tmp/x/cmp.labels'], folders), []);
  assert.deepEqual(pathsOutsideWorkspace(manifest, ['file:///elsewhere'], []), []);
});
