import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileToOpenOnStart, openRequestName, watchOpenRequests } from '../../src/node/openOnStart';

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

test('a request written while the window lives opens its file once; a new line makes the same path a new request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tr-open-'));
  const request = join(dir, openRequestName('/ws/a'));
  writeFileSync(request, '/ws/a/first.jsonl\n');
  const opened: string[] = [];
  const stop = watchOpenRequests({ TRANSCRIPT_REVIEW_OPEN_REQUESTS: dir }, '/ws/a', (p) => opened.push(p));
  const settle = () => new Promise((r) => setTimeout(r, 300));
  try {
    // Another window's request is not this window's.
    writeFileSync(join(dir, openRequestName('/ws/b')), '/ws/b/x.jsonl\n');
    await settle();
    assert.deepEqual(opened, [], 'the request read at start, or another window\'s, is not opened again');
    writeFileSync(request, '/ws/a/second.jsonl\n1\n');
    await settle();
    writeFileSync(request, '/ws/a/second.jsonl\n1\n');
    await settle();
    writeFileSync(request, '/ws/a/second.jsonl\n2\n');
    await settle();
    assert.deepEqual(opened, ['/ws/a/second.jsonl', '/ws/a/second.jsonl']);
    assert.equal(fileToOpenOnStart({ TRANSCRIPT_REVIEW_OPEN_REQUESTS: dir }, '/ws/a'), '/ws/a/second.jsonl', 'the first line is the path');
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a window without a workspace folder has no request: none written to the folder is opened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tr-open-'));
  const opened: string[] = [];
  const stop = watchOpenRequests({ TRANSCRIPT_REVIEW_OPEN_REQUESTS: dir }, undefined, (p) => opened.push(p));
  try {
    writeFileSync(join(dir, openRequestName('/ws/a')), '/ws/a/x.jsonl\n1\n');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(opened, []);
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
