import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ICruiseOptions, ICruiseResult } from 'dependency-cruiser';

// The layering check (.dependency-cruiser.cjs, run by `npm run lint`) on the tree, and on small
// trees under test/fixtures/layers that each break it one way: each must fail on its own rule.
const repoRoot = join(__dirname, '..', '..');
const fixtures = join(repoRoot, 'test', 'fixtures', 'layers');

const options: Promise<ICruiseOptions> = import('dependency-cruiser/config-utl/extract-depcruise-options').then((m) => m.default(join(repoRoot, '.dependency-cruiser.cjs')));

/** Cruises `dirs` of `baseDir` under the project's rules; returns the names of the rules broken, sorted, once each. */
async function broken(baseDir: string, dirs: string[]): Promise<string[]> {
  const { cruise } = await import('dependency-cruiser');
  const { output } = await cruise(dirs, { ...(await options), baseDir, validate: true });
  const result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
  return [...new Set(result.summary.violations.map((v) => v.rule.name))].sort();
}

test('the tree keeps its layers: no violation, no cycle', async () => {
  assert.deepEqual(await broken(repoRoot, ['src', 'webview']), []);
});

test('an upward import fails (labels importing review)', async () => {
  assert.deepEqual(await broken(join(fixtures, 'upward'), ['src']), ['core-order-labels']);
});

test('a folder cycle fails, as a cycle and as the upward half of it (labels ⇄ campaign)', async () => {
  assert.deepEqual(await broken(join(fixtures, 'cycle'), ['src']), ['core-order-labels', 'no-folder-cycle']);
});

test('a folder cycle the order does not see fails on its own (two folders inside input)', async () => {
  assert.deepEqual(await broken(join(fixtures, 'nested'), ['src']), ['no-folder-cycle']);
});

test("core's foundation importing a folder fails (the HTML shell importing the report's helper)", async () => {
  assert.deepEqual(await broken(join(fixtures, 'foundation'), ['src']), ['core-foundation']);
});

test('a core folder with no place in the order fails', async () => {
  assert.deepEqual(await broken(join(fixtures, 'unlisted'), ['src']), ['core-folder-unlisted']);
});

test('two files importing each other fail', async () => {
  assert.deepEqual(await broken(join(fixtures, 'moduleCycle'), ['src']), ['no-module-cycle']);
});

test('core importing the extension fails here too, not only in lint', async () => {
  assert.deepEqual(await broken(join(fixtures, 'product'), ['src']), ['layer-core']);
});
