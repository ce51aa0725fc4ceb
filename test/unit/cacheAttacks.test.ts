import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rename, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { gunzipToCache } from '../../src/node/gunzip';
import { ScanCache } from '../../src/node/scan/scanCache';
import { openSource } from '../../src/node/input';
import type { Dataset } from '../../src/core/input/dataset';
import { cliArgv } from './helpers';

/**
 * Another local user attacks the caches. Run as root, the attacker is a real second,
 * unprivileged user (`nobody`, through `setpriv`); otherwise the same folders are planted by
 * this user, and the foreign owner is played by `chown` where allowed.
 */
const nobody = 65534;
const realSecondUser = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

function asAttacker(script: string): void {
  if (realSecondUser) execFileSync('setpriv', [`--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups', 'sh', '-c', script]);
  else execFileSync('sh', ['-c', script]);
}

/** A world-writable, sticky folder like /tmp, and the victim's documents: 30 files, months old. */
async function scene(): Promise<{ shared: string; docs: string; home: string }> {
  const home = await mkdtemp(join(tmpdir(), 'tr-attack-'));
  await chmod(home, 0o755);
  const shared = join(home, 'shared');
  await mkdir(shared);
  await chmod(shared, 0o1777);
  const docs = join(home, 'docs');
  await mkdir(docs);
  const old = new Date(Date.now() - 90 * 24 * 3600 * 1000);
  for (let i = 0; i < 30; i++) {
    await writeFile(join(docs, `doc${i}.txt`), `document ${i}\n`);
    await utimes(join(docs, `doc${i}.txt`), old, old);
  }
  return { shared, docs, home };
}

async function intact(docs: string): Promise<void> {
  const names = (await readdir(docs)).sort();
  assert.equal(names.length, 30, `the victim's folder holds ${names.join(', ')}`);
  for (let i = 0; i < 30; i++) assert.equal(await readFile(join(docs, `doc${i}.txt`), 'utf8'), `document ${i}\n`);
}

function cliAs(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string }> {
  const root = join(__dirname, '..', '..');
  return new Promise((done) => {
    const child = spawn(process.execPath, [...cliArgv(), ...args], { cwd: root, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => done({ code: code ?? -1, out }));
  });
}

const record = (id: string, question: string) =>
  JSON.stringify({ id, prompt: [{ role: 'user', content: question }], baseline: { model: 'a', messages: [{ role: 'assistant', content: 'x' }] }, trained: { model: 'b', messages: [{ role: 'assistant', content: 'y' }] } });
const rows = (n: number) => Array.from({ length: n }, (_, i) => record(`r${i}`, `question ${i}`)).join('\n') + '\n';

test('gunzip cache: a cache folder another user linked to my documents, or made themselves, is refused; nothing of mine is deleted', async () => {
  const { shared, docs, home } = await scene();
  const data = join(home, 'data.jsonl.gz');
  await writeFile(data, gzipSync(rows(5)));
  // The attacker prepares the cache path in the shared folder (where the temporary and the cache folder point).
  asAttacker(`mkdir -m 777 ${shared}/transcript-review && ln -s ${docs} ${shared}/transcript-review/gunzip`);
  const run = await cliAs({ TMPDIR: shared, XDG_CACHE_HOME: shared }, 'validate', data);
  assert.notEqual(run.code, 0, run.out);
  assert.match(run.out, realSecondUser ? /belongs to another user/ : /symbolic link/);
  await intact(docs);

  // A copy planted where the cache looks for this file (under the name earlier versions used) is never served.
  const second = await scene();
  const info = await stat(data);
  const oldName = createHash('sha256').update(`${data}\u0000${info.size}\u0000${info.mtimeMs}`).digest('hex').slice(0, 32);
  await writeFile(join(second.shared, 'planted.jsonl'), record('planted', 'planted'));
  asAttacker(`mkdir -m 777 -p ${second.shared}/transcript-review/gunzip && cp ${second.shared}/planted.jsonl ${second.shared}/transcript-review/gunzip/${oldName}.jsonl && chmod 666 ${second.shared}/transcript-review/gunzip/${oldName}.jsonl`);
  const planted = await cliAs({ TMPDIR: second.shared, XDG_CACHE_HOME: second.shared }, 'validate', data);
  assert.doesNotMatch(planted.out, /^1 items/m, 'the planted one-item copy was read as the data');
});

test('gunzip cache: a link or a foreign file planted under an entry name is never served, and eviction never follows a link', async () => {
  const { shared, docs, home } = await scene();
  const cache = join(home, 'cache');
  await mkdir(cache, { mode: 0o700 });
  const data = join(home, 'data.jsonl.gz');
  const gz = gzipSync(rows(5));
  await writeFile(data, gz);
  const key = createHash('sha256').update(gz).digest('hex');
  await writeFile(join(shared, 'planted.jsonl'), rows(1).replace('question 0', 'planted'));
  await symlink(join(shared, 'planted.jsonl'), join(cache, `gz-${key}.jsonl`));
  // An entry-named link to the victim's document: eviction must not delete through it.
  await symlink(join(docs, 'doc0.txt'), join(cache, `gz-${'0'.repeat(64)}.jsonl`));
  const copy = await gunzipToCache(data, { dir: cache, maxBytes: 0 });
  assert.equal(await readFile(copy, 'utf8'), rows(5), 'the data, not the planted copy');
  assert.equal((await stat(copy)).mode & 0o077, 0, 'the decompressed copy is readable by its user only');
  assert.ok((await readFile(join(shared, 'planted.jsonl'), 'utf8')).includes('planted'), 'the planted file is not written to');
  await intact(docs);
});

test('scan cache: `--cache DIR` whose scan-cache another user linked to my documents: nothing there is deleted or written', async () => {
  const { shared, docs, home } = await scene();
  // One input: the cache keeps 16 entries, and the victim's folder holds 30 files.
  const inputs = [join(home, 'data.jsonl')];
  await writeFile(inputs[0]!, rows(3));
  asAttacker(`ln -s ${docs} ${shared}/scan-cache`);
  const run = await cliAs({}, 'validate', '--cache', shared, ...inputs);
  assert.equal(run.code, 0, run.out);
  await intact(docs);
  // A foreign-owned scan-cache folder (planted by the other user) is left alone too.
  const other = join(home, 'other');
  await mkdir(other);
  await chmod(other, 0o1777);
  asAttacker(`mkdir -m 777 ${other}/scan-cache && touch ${other}/scan-cache/keep.txt && mkdir ${other}/scan-cache/${'a'.repeat(32)}`);
  if (!realSecondUser) await chown(join(other, 'scan-cache'), nobody, nobody).catch(() => undefined);
  const again = await cliAs({}, 'validate', '--cache', other, ...inputs);
  assert.equal(again.code, 0, again.out);
  assert.deepEqual((await readdir(join(other, 'scan-cache'))).sort(), ['a'.repeat(32), 'keep.txt']);
});

test('scan cache: a file replaced by one with the same size, mtime and first and last 64 KiB, or a damaged entry, is never served stale', async () => {
  const { home } = await scene();
  const storage = join(home, 'storage');
  const pad = 'x'.repeat(70 * 1024);
  const head = record('first', pad) + '\n';
  const tail = record('last', pad) + '\n';
  const middle = (ids: string[]) => ids.map((id) => record(id, 'q')).join('\n') + '\n';
  const path = join(home, 'data.jsonl');
  const a = head + middle(['m1', 'm2']) + tail;
  // Same length: two records where there was one record and padding.
  const b = head + middle(['m1xxxxxxxxxx']).padEnd(middle(['m1', 'm2']).length - 1, ' ') + '\n' + tail;
  assert.equal(a.length, b.length);
  await writeFile(path, a);
  const count = async () => {
    const opened = await openSource(path);
    try {
      const cache = new ScanCache(storage);
      const dataset = opened.source as Dataset;
      await cache.prepare(dataset);
      await dataset.build();
      cache.keep(dataset);
      await cache.settled();
      let n = 0;
      for (let i = 0; i < dataset.count; i++) if ((await dataset.item(i)).item) n++;
      return n;
    } finally {
      await opened.close();
    }
  };
  assert.equal(await count(), 4);
  const { mtime } = await stat(path);
  await writeFile(join(home, 'next.jsonl'), b);
  await utimes(join(home, 'next.jsonl'), mtime, mtime);
  await rename(join(home, 'next.jsonl'), path);
  assert.equal(await count(), 3, 'the replaced file is indexed again');

  // A damaged entry (one flipped byte in the saved index) is a miss, not a wrong index.
  const [entry] = await readdir(storage);
  const file = join(storage, entry!, 'index.v8');
  const bytes = await readFile(file);
  bytes[bytes.length - 40]! ^= 0x40;
  await writeFile(file, bytes);
  assert.equal(await count(), 3);
  assert.equal((await stat(storage)).mode & 0o777, 0o700);
});

test('gunzip cache: a small .gz that decompresses past the cap is refused with its name, and no partial copy is left', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-gzbomb-'));
  const cache = join(dir, 'cache');
  const bomb = join(dir, 'bomb.jsonl.gz');
  await writeFile(bomb, gzipSync(Buffer.alloc(8 << 20, 0x20)));
  await assert.rejects(gunzipToCache(bomb, { dir: cache, maxCopyBytes: 1 << 20 }), (err: Error) => err.name === 'GunzipTooLargeError' && err.message.startsWith(`${bomb}: decompresses to more than`));
  assert.deepEqual(await readdir(cache), [], 'nothing kept');
  // Under the cap, the same file decompresses whole.
  const copy = await gunzipToCache(bomb, { dir: cache, maxCopyBytes: 16 << 20 });
  assert.equal((await stat(copy)).size, 8 << 20);
});
