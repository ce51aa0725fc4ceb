import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileToOpenOnStart, openRequestName } from '../../src/node/openOnStart';

test('the file to open at start: the env names it, or a shared server\'s request for this window\'s folder only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tr-open-'));
  try {
    writeFileSync(join(dir, openRequestName('/ws/a')), '/ws/a/data.jsonl\n');
    const env = { TRANSCRIPT_REVIEW_OPEN_REQUESTS: dir };
    assert.equal(fileToOpenOnStart(env, '/ws/a'), '/ws/a/data.jsonl');
    // Another window on the same server, with no request of its own, opens nothing.
    assert.equal(fileToOpenOnStart(env, '/ws/b'), undefined);
    assert.equal(fileToOpenOnStart(env, undefined), undefined);
    assert.equal(fileToOpenOnStart({ ...env, TRANSCRIPT_REVIEW_OPEN: '/x.jsonl' }, '/ws/a'), '/x.jsonl');
    assert.equal(fileToOpenOnStart({}, '/ws/a'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
