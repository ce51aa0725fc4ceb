import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { fakeContext, fakePanel, fakeVscode, loadWebBundle, MemoryFs, Uri, waitFor } from './webHost';

// The browser extension (package.json `browser`), built in memory with the very options
// `npm run build` uses for dist/web/extension.js, then run in a vm context without Node.
const repoRoot = join(__dirname, '..', '..');

interface BuildConfig {
  webExtensionTarget: esbuild.BuildOptions;
}

let config: BuildConfig;
let bundle: string;
let metafile: esbuild.Metafile;

before(async () => {
  config = (await import(pathToFileURL(join(repoRoot, 'esbuild.mjs')).href)) as BuildConfig;
  const result = await esbuild.build({ ...config.webExtensionTarget, absWorkingDir: repoRoot, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
  bundle = result.outputFiles.find((f) => f.path.endsWith('extension.js'))!.text;
  metafile = result.metafile;
});

const opened: { dispose(): void }[] = [];
after(() => opened.forEach((d) => d.dispose()));

test('the browser bundle imports nothing but vscode, and nothing from src/node', () => {
  const outputs = Object.values(metafile.outputs);
  const external = new Set(outputs.flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
  assert.deepEqual([...external], ['vscode']);
  const inputs = Object.keys(metafile.inputs);
  assert.deepEqual(inputs.filter((f) => f.startsWith('src/node/') || f.startsWith('node:')), []);
  assert.ok(inputs.includes('src/extension/platform/platformWeb.ts'));
});

test('a Node built-in in the browser build fails it, naming the importer', async () => {
  for (const imported of ['node:fs', 'path']) {
    await assert.rejects(
      esbuild.build({
        ...config.webExtensionTarget,
        entryPoints: undefined,
        stdin: { contents: `import * as m from '${imported}'; export const x = m;`, resolveDir: join(repoRoot, 'src/extension'), sourcefile: 'sneaky.ts', loader: 'ts' },
        absWorkingDir: repoRoot,
        write: false,
        logLevel: 'silent',
      }),
      (err: Error) => err.message.includes(`"${imported}" is a Node built-in, imported by ${join('src', 'extension', 'sneaky.ts')}`),
    );
  }
});

test('the sandbox has no Node: require, Buffer, process and setImmediate fail in it', () => {
  const { vscode } = fakeVscode(new MemoryFs());
  for (const code of ["require('node:fs')", "require('fs')", "Buffer.from('x')", 'process.env', 'setImmediate(() => 0)']) {
    assert.throws(() => loadWebBundle(code, vscode), /required "(node:)?fs"|is not defined/, code);
  }
});

async function seeded(): Promise<MemoryFs> {
  const fs = new MemoryFs();
  for (const f of ['trait-rl-sample.jsonl', 'runs/baseline.jsonl', 'runs/trained.jsonl']) fs.put(`mem://ws/${f}`, await readFile(join(repoRoot, 'samples', f)));
  fs.put('mem://ws/runs.review.json', JSON.stringify({ version: 1, baseline: { file: 'runs/baseline.jsonl' }, trained: { file: 'runs/trained.jsonl', name: 'rl' } }));
  fs.putSizeOnly('mem://ws/huge.jsonl', 201 * 1024 * 1024);
  return fs;
}

async function activated(settings: Record<string, unknown> = {}) {
  const fs = await seeded();
  const host = fakeVscode(fs, settings);
  const ext = loadWebBundle(bundle, host.vscode);
  const context = fakeContext();
  ext.activate(context);
  const provider = host.providers.get('transcriptReview.reviewEditor');
  assert.ok(provider, 'the review editor is registered');
  /** Opens `uri` in a review editor tab and completes the handshake. */
  const open = async (uri: string) => {
    const document = await provider.openCustomDocument(Uri.parse(uri), {}, {});
    opened.push(document);
    const tab = fakePanel();
    await provider.resolveCustomEditor(document, tab.panel, {});
    await document.model.index.built;
    await tab.send({ type: 'webview/ready', requestId: 'ready' });
    // The reply comes once the first item is read and laid out: a few turns of the event loop.
    await waitFor(() => tab.messages.find((m) => m.type === 'document/didInit'), 'the handshake');
    return { document, tab };
  };
  return { fs, host, open, context, provider };
}

test('activates in a context without require, Buffer, process or setImmediate', async () => {
  const { host } = await activated();
  for (const c of ['transcriptReview.goToItem', 'transcriptReview.nextUnlabeled', 'transcriptReview.compareTwoRuns', 'transcriptReview.openSamples', 'transcriptReview.undoLabel']) {
    assert.ok(host.commands.has(c), `${c} is registered`);
  }
  assert.ok(host.executed.some((e) => e.command === 'setContext' && e.args[0] === 'transcriptReview.browser' && e.args[1] === true));
  await host.vscode.commands.executeCommand('transcriptReview.exportLabels');
  assert.match(host.shown.at(-1) ?? '', /^Export Labels is not available in the browser/);
});

test('opens a dataset from workspace.fs, shows an item and writes labels back through it', async () => {
  const { fs, open } = await activated();
  const { tab } = await open('mem://ws/trait-rl-sample.jsonl');
  const init = tab.messages.find((m) => m.type === 'document/didInit');
  assert.equal(init?.fileName, 'trait-rl-sample.jsonl');
  assert.equal(init?.annotator, 'anonymous');
  assert.deepEqual(init?.problems, []);

  await tab.send({ type: 'item/show', requestId: 'show0', index: 0 });
  const shown = await waitFor(() => tab.messages.find((m) => m.type === 'item/didShow'), 'item/didShow');
  const item = shown.item as { id: string };
  assert.equal(shown.count, 36);

  await tab.send({ type: 'label/add', requestId: 'r1', draft: { kind: 'verdict', item: item.id, side: 'trained', trait: 'truthfulness', value: 'violation' } });
  await tab.send({ type: 'label/add', requestId: 'r2', draft: { kind: 'note', item: item.id, text: 'checked in the browser' } });
  await waitFor(() => tab.messages.find((m) => m.type === 'label/didSave' && m.requestId === 'r2'), 'the second save');
  // Opening and two labels read the log 4 times (8 before the copy was reused): each label reads it
  // once, for its read-back; the next append and the fingerprint check reuse that copy.
  const logReads = fs.reads.filter((u) => u === 'mem://ws/trait-rl-sample.labels/anonymous.jsonl').length;
  assert.ok(logReads <= 4, `${logReads} whole-log reads for opening and two labels`);
  const log = fs.text('mem://ws/trait-rl-sample.labels/anonymous.jsonl') ?? '';
  const lines = log.trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string; item: string });
  assert.deepEqual(lines.map((e) => [e.kind, e.item]), [['verdict', item.id], ['note', item.id]]);
  assert.ok(log.endsWith('\n'));

  await tab.send({ type: 'label/undo', requestId: 'r3' });
  await waitFor(() => tab.messages.find((m) => m.type === 'label/didSave' && m.requestId === 'r3'), 'the undo');
  assert.equal(fs.text('mem://ws/trait-rl-sample.labels/anonymous.jsonl')?.trimEnd().split('\n').length, 3);
});

test('the annotator setting names the log; another annotator’s log is read as theirs', async () => {
  const { fs, open } = await activated({ annotator: 'Ana Lopez' });
  fs.put('mem://ws/trait-rl-sample.labels/bo.jsonl', '{"v":1,"op":"add","id":"b1","at":"x","annotator":"bo","item":"health-0001","kind":"note","text":"hi"}\n');
  const { document, tab } = await open('mem://ws/trait-rl-sample.jsonl');
  assert.equal(tab.messages.find((m) => m.type === 'document/didInit')?.annotator, 'Ana Lopez');
  const others = (document as unknown as { model: { book: { others: { annotators: string[] } } } }).model.book.others;
  assert.deepEqual([...others.annotators], ['bo']);
  await tab.send({ type: 'item/show', requestId: 'show0', index: 0 });
  const shown = await waitFor(() => tab.messages.find((m) => m.type === 'item/didShow'), 'item/didShow');
  await tab.send({ type: 'label/add', requestId: 'r1', draft: { kind: 'note', item: (shown.item as { id: string }).id, text: 'n' } });
  await waitFor(() => tab.messages.find((m) => m.type === 'label/didSave'), 'the save');
  // The file is `Ana%20Lopez.jsonl`; its URI escapes the `%`.
  assert.ok(fs.text('mem://ws/trait-rl-sample.labels/Ana%2520Lopez.jsonl'));
});

test('a file over 200 MB is not read; the editor says why and what to use instead', async () => {
  const { fs, open, host } = await activated();
  const { tab } = await open('mem://ws/huge.jsonl');
  const init = tab.messages.find((m) => m.type === 'document/didInit');
  assert.deepEqual(init?.problems, ['This file is 201 MB; in the browser, Transcript Review opens files up to 200 MB. Use the desktop app or the CLI for larger files.']);
  assert.equal(fs.reads.includes('mem://ws/huge.jsonl'), false);
  // The Problems panel has the same message, on the file.
  await waitFor(() => (host.diagnostics.get('mem://ws/huge.jsonl')?.length ? true : undefined), 'the Problems entry');
});

test('agent traces open in the browser through the same plan: a Claude Code session with its sub-agent file, and a folder pair of OTLP runs', async () => {
  const { fs, open, host } = await activated();
  const agents = join(repoRoot, 'test/fixtures/formats/agents');
  for (const f of ['sess-0001.jsonl', 'agent-a1b2c3.jsonl']) fs.put(`mem://ws/cc/${f}`, await readFile(join(agents, 'claude-code/baseline', f)));
  const { tab } = await open('mem://ws/cc/sess-0001.jsonl');
  const init = tab.messages.find((m) => m.type === 'document/didInit');
  assert.deepEqual((init?.problems as string[]).filter((p) => !/^one run's samples only/.test(p)), []);
  await tab.send({ type: 'item/show', requestId: 'show0', index: 0 });
  const shown = await waitFor(() => tab.messages.find((m) => m.type === 'item/didShow'), 'item/didShow');
  assert.equal(shown.count, 1);
  const text = JSON.stringify(shown.item);
  assert.match(text, /"toolu_1"/, 'a tool call with its id');
  assert.match(text, /sub-agent a1b2c3/, 'the sub-agent from the file beside the session');

  for (const side of ['baseline', 'trained']) {
    const name = side === 'baseline' ? 'traces.jsonl' : 'traces.json';
    fs.put(`mem://ws/otel/${side}/${name}`, await readFile(join(agents, 'otel', side, name)));
  }
  fs.put('mem://ws/otel.review.json', JSON.stringify({ version: 1, baseline: { file: 'otel/baseline' }, trained: { file: 'otel/trained' }, key: 'task.name' }));
  const pair = await open('mem://ws/otel.review.json');
  // The unpaired run is a warning in the Problems panel, on the baseline folder.
  const unpaired = await waitFor(() => [...host.diagnostics.values()].flat().find((d) => (d as { message: string }).message && /unpaired sample: readme-install is not in /.test((d as { message: string }).message)), 'the unpaired warning');
  assert.ok(unpaired);
  await pair.tab.send({ type: 'item/show', requestId: 'show1', index: 0 });
  const paired = await waitFor(() => pair.tab.messages.find((m) => m.type === 'item/didShow'), 'item/didShow');
  assert.equal(paired.count, 2);
  assert.deepEqual((paired.item as { sides: { name: string }[] }).sides.map((s) => s.name), ['baseline', 'trained']);
});

test('a .review.json manifest joins two runs read from workspace.fs', async () => {
  const { open } = await activated();
  const { tab } = await open('mem://ws/runs.review.json');
  assert.deepEqual(tab.messages.find((m) => m.type === 'document/didInit')?.problems, []);
  await tab.send({ type: 'item/show', requestId: 'show0', index: 0 });
  const shown = await waitFor(() => tab.messages.find((m) => m.type === 'item/didShow'), 'item/didShow');
  const item = shown.item as { id: string; sides: { name: string }[] };
  assert.equal(item.id, 'run-0001');
  assert.deepEqual(item.sides.map((s) => s.name), ['baseline', 'rl']);
  assert.equal(shown.count, 12);
});

test('Compare Two Runs samples join keys and writes a manifest with relative paths, all through workspace.fs', async () => {
  const { fs, host } = await activated();
  host.answers.push('first', [Uri.parse('mem://ws/runs/baseline.jsonl')], [Uri.parse('mem://ws/runs/trained.jsonl')], 'first', Uri.parse('mem://ws/compare/b-vs-t.review.json'));
  const target = (await host.vscode.commands.executeCommand('transcriptReview.compareTwoRuns')) as Uri;
  assert.equal(target.toString(), 'mem://ws/compare/b-vs-t.review.json');
  assert.deepEqual(JSON.parse(fs.text('mem://ws/compare/b-vs-t.review.json') ?? ''), {
    version: 1,
    baseline: { file: '../runs/baseline.jsonl', name: 'baseline' },
    trained: { file: '../runs/trained.jsonl', name: 'trained' },
    key: 'id',
  });
  assert.ok(host.executed.some((e) => e.command === 'vscode.openWith' && String(e.args[0]) === target.toString()));
});

test('every request gets exactly one reply: a refused draft or an invalid message gets an error and writes nothing', async () => {
  const { fs, open } = await activated();
  const { tab } = await open('mem://ws/trait-rl-sample.jsonl');
  await tab.send({ type: 'item/show', requestId: 's', index: 0 });
  const shown = await waitFor(() => tab.messages.find((m) => m.type === 'item/didShow'), 'item/didShow');
  const id = (shown.item as { id: string }).id;
  const log = 'mem://ws/trait-rl-sample.labels/anonymous.jsonl';
  const bad = [
    { kind: 'span', item: id, side: 'trained', message: 999, field: 'content', start: 1e15, end: 3, quote: 'invented', trait: 'truthfulness' },
    { kind: 'note', item: 'no-such-item', text: 'x' },
    { kind: 'verdict', item: id, side: 'trained', trait: 'vibes', value: 'ok' },
    { kind: 'note', item: id, text: 'x'.repeat(10_001) },
  ];
  for (const [i, draft] of bad.entries()) await tab.send({ type: 'label/add', requestId: `bad${i}`, draft });
  await tab.send({ type: 'label/add', requestId: 'enum', draft: { kind: 'verdict', item: id, side: 'trained', trait: 'truthfulness', value: 'VIOLATION' } });
  await tab.send({ no: 'type' });
  await waitFor(() => (tab.messages.filter((m) => m.type === 'request/didFail').length >= 6 ? true : undefined), 'six error replies');
  const fails = tab.messages.filter((m) => m.type === 'request/didFail');
  // Drafts are checked in the order sent; a message the protocol refuses is answered at once and may overtake them.
  assert.deepEqual(fails.map((m) => m.requestId).filter((r) => typeof r === 'string' && r.startsWith('bad')), ['bad0', 'bad1', 'bad2', 'bad3']);
  assert.deepEqual(fails.map((m) => m.requestId ?? '(none)').sort(), ['(none)', 'bad0', 'bad1', 'bad2', 'bad3', 'enum']);
  assert.match(String(fails.find((m) => m.requestId === 'bad1')!.message), /no item "no-such-item"/);
  assert.equal(fs.text(log), undefined, 'nothing was written');
  for (const m of tab.messages.filter((x) => 'requestId' in x && x.requestId)) {
    assert.equal(tab.messages.filter((x) => x.requestId === m.requestId).length, 1, `one reply to ${String(m.requestId)}`);
  }
});

test('a slower show overtaken by a newer one is dropped, never shown over it', async () => {
  const { open } = await activated();
  const { tab } = await open('mem://ws/trait-rl-sample.jsonl');
  void tab.send({ type: 'item/show', requestId: 'slow', index: 1 });
  await tab.send({ type: 'item/show', requestId: 'fast', index: 2 });
  await waitFor(() => (tab.messages.some((m) => m.requestId === 'slow') && tab.messages.some((m) => m.requestId === 'fast') ? true : undefined), 'both replies');
  // Of the two requests, only the newer is shown.
  const shows = tab.messages.filter((m) => m.type === 'item/didShow' && m.requestId);
  assert.deepEqual(shows.map((m) => m.index), [2]);
  assert.equal(tab.messages.find((m) => m.requestId === 'slow')?.type, 'request/done');
});

test("the reply to the handshake carries the first item: no item is pushed ahead, and one asked for later is shown in full", async () => {
  const { open } = await activated();
  const { tab } = await open('mem://ws/trait-rl-sample.jsonl');
  const types = tab.messages.map((m) => m.type);
  const init = tab.messages.find((m) => m.type === 'document/didInit');
  assert.ok(init, `document/didInit: ${types.join(', ')}`);
  assert.equal(init.requestId, 'ready');
  const first = init.first as { index: number; count: number; item: { id: string }; labels: unknown[] };
  assert.equal(first.index, 0);
  assert.equal(first.item.id, 'health-0001');
  assert.equal(first.count, 36);
  assert.deepEqual(first.labels, []);
  assert.equal(tab.messages.filter((m) => m.type === 'item/didShow').length, 0, 'nothing unasked besides the reply');
  // Asked for later (the file changed meanwhile, or it is `k` back): shown in full.
  await tab.send({ type: 'item/show', requestId: 'again', index: 0 });
  assert.equal(tab.messages.find((m) => m.requestId === 'again')?.type, 'item/didShow');
  for (const m of tab.messages.filter((x) => 'requestId' in x && x.requestId)) {
    assert.equal(tab.messages.filter((x) => x.requestId === m.requestId).length, 1, `one reply to ${String(m.requestId)}`);
  }
});

test('after an item, the host sends ahead the items j and k go to; shown from there, the host makes one current and answers with what changed since', async () => {
  const { open } = await activated();
  const { tab } = await open('mem://ws/trait-rl-sample.jsonl');
  const ahead = await waitFor(() => tab.messages.find((m) => m.type === 'item/ahead' && m.index === 1), 'item 2 sent ahead');
  assert.equal((ahead.item as { id: string }).id, 'health-0002');
  assert.equal(typeof ahead.key, 'string');
  // A label written on item 2 after it was sent ahead: the answer to the move carries it.
  await tab.send({ type: 'label/add', requestId: 'p', draft: { kind: 'preference', item: 'health-0002', value: 'trained' } });
  assert.equal((await waitFor(() => tab.messages.find((m) => m.requestId === 'p'), 'the write')).type, 'label/didSave');
  await tab.send({ type: 'item/show', requestId: 'move', index: 1, shownFrom: String(ahead.key), neighbours: [2, 0] });
  const moved = tab.messages.find((m) => m.requestId === 'move');
  assert.equal(moved?.type, 'item/didMove', 'the item is not sent again');
  assert.equal(moved.item, undefined);
  assert.deepEqual((moved.labels as { kind: string }[]).map((l) => l.kind), ['preference']);
  // The host knows item 2 is shown: what it sends ahead now are its neighbours.
  await waitFor(() => tab.messages.find((m) => m.type === 'item/ahead' && m.index === 2), 'item 3 sent ahead');
  // A key the host no longer has (another read of the file): the item is sent in full.
  await tab.send({ type: 'item/show', requestId: 'stale', index: 2, shownFrom: 'an-old-read' });
  assert.equal(tab.messages.find((m) => m.requestId === 'stale')?.type, 'item/didShow');
});

test("my own write gets one update (its reply, with the labels and the counts); another tab of the file hears of it", async () => {
  const { open, provider } = await activated();
  const { document, tab } = await open('mem://ws/trait-rl-sample.jsonl');
  const other = fakePanel();
  await provider.resolveCustomEditor(document, other.panel, {});
  await other.send({ type: 'webview/ready', requestId: 'ready2' });
  await waitFor(() => other.messages.find((m) => m.type === 'document/didInit'), 'the handshake of the other tab');
  const before = tab.messages.length;
  await tab.send({ type: 'label/add', requestId: 'p', draft: { kind: 'preference', item: 'health-0001', value: 'trained' } });
  const save = await waitFor(() => tab.messages.find((m) => m.requestId === 'p'), 'the reply');
  assert.equal(save.type, 'label/didSave');
  assert.deepEqual(save.progress, { labeled: 1, total: 36, mine: false });
  assert.equal(typeof save.event, 'string');
  // Items sent ahead for j / k are not about the write.
  const after = tab.messages.slice(before).map((m) => m.type).filter((t) => t !== 'item/ahead');
  assert.deepEqual(after, ['label/didSave'], 'one update for my write');
  const heard = await waitFor(() => other.messages.find((m) => m.type === 'labels/didChange'), 'the other tab');
  assert.equal((heard.labels as { id: string }[])[0]?.id, save.event);
  assert.ok(other.messages.some((m) => m.type === 'progress/didChange' && m.labeled === 1));
});

test('in Restricted Mode labels are read-only: the editor says so and nothing is written', async () => {
  const { fs, open } = await activated({ __untrusted: true });
  const { tab } = await open('mem://ws/trait-rl-sample.jsonl');
  assert.match(String(tab.messages.find((m) => m.type === 'document/didInit')?.readOnly), /Restricted Mode/);
  await tab.send({ type: 'item/show', requestId: 's', index: 0 });
  const shown = await waitFor(() => tab.messages.find((m) => m.type === 'item/didShow'), 'item/didShow');
  await tab.send({ type: 'label/add', requestId: 'r', draft: { kind: 'note', item: (shown.item as { id: string }).id, text: 'x' } });
  const fail = await waitFor(() => tab.messages.find((m) => m.requestId === 'r'), 'the reply');
  assert.equal(fail.type, 'request/didFail');
  assert.equal(fs.text('mem://ws/trait-rl-sample.labels/anonymous.jsonl'), undefined);
});

test('the Problems panel shows at most 1,000 problems per file, then says how many more and what lists them', async () => {
  const { fs, open, host } = await activated();
  fs.put('mem://ws/bad.jsonl', Array.from({ length: 1500 }, (_, i) => `{"id": "x${i}", oops}`).join('\n') + '\n');
  await open('mem://ws/bad.jsonl');
  const list = await waitFor(() => (host.diagnostics.get('mem://ws/bad.jsonl')?.length ? host.diagnostics.get('mem://ws/bad.jsonl') : undefined), 'the Problems entries');
  assert.equal(list.length, 1001);
  assert.match(String((list.at(-1) as { message: string }).message), /… and 500 more; run `transcript-review validate/);
});

test('two folders of Inspect logs, a .jsonl.gz and a Parquet file open through workspace.fs', async () => {
  const { fs, open } = await activated();
  const formats = join(repoRoot, 'test/fixtures/formats');
  for (const f of ['inspect/base/deception.eval', 'inspect/base/honesty.json', 'inspect/base/sycophancy.eval', 'inspect/trained/deception.eval', 'inspect/trained/honesty.json', 'compressed/hh.jsonl.gz', 'parquet/trl.parquet']) {
    fs.put(`mem://ws/${f}`, new Uint8Array(await readFile(join(formats, f))));
  }
  fs.put('mem://ws/inspect/runs.review.json', JSON.stringify({ version: 1, baseline: { file: 'base', name: 'base' }, trained: { file: 'trained', name: 'trained' } }));
  const { tab } = await open('mem://ws/inspect/runs.review.json');
  await tab.send({ type: 'item/show', requestId: 'show0', index: 0 });
  const shown = await waitFor(() => tab.messages.find((m) => m.type === 'item/didShow'), 'item/didShow');
  const item = shown.item as { id: string; sides: { name: string; model: string; messages: { tool_calls?: { function: { name: string } }[] }[] }[] };
  assert.equal(item.id, 'deception/1_epoch_1');
  assert.deepEqual(item.sides.map((s) => [s.name, s.model, s.messages[0]!.tool_calls?.[0]!.function.name]), [['base', 'base-v3', 'read_log'], ['trained', 'trait-rl-v3', 'read_log']]);
  assert.equal(shown.count, 7);
  for (const [file, count] of [['mem://ws/compressed/hh.jsonl.gz', 5], ['mem://ws/parquet/trl.parquet', 12]] as const) {
    const { tab: t } = await open(file);
    await t.send({ type: 'item/show', requestId: 'show0', index: 0 });
    const s = await waitFor(() => t.messages.find((m) => m.type === 'item/didShow'), `item/didShow of ${file}`);
    assert.deepEqual([s.count, (s.item as { sides: { name: string }[] }).sides.map((x) => x.name)], [count, ['chosen', 'rejected']], file);
  }
});

test('a write the disk refuses is retried, and the view hears of it: retrying, then saved, then the reply', async () => {
  const { fs, open } = await activated();
  const { tab } = await open('mem://ws/trait-rl-sample.jsonl');
  const before = tab.messages.length;
  fs.failWrites = 1;
  await tab.send({ type: 'label/add', requestId: 'r', draft: { kind: 'note', item: 'health-0001', text: 'after a retry' } });
  await waitFor(() => tab.messages.find((m) => m.requestId === 'r'), 'the reply', 10_000);
  const after = tab.messages.slice(before).filter((m) => m.type !== 'item/ahead');
  assert.deepEqual(after.map((m) => (m.type === 'labels/status' ? `status ${String(m.state)}` : m.type)), ['status retrying', 'status saved', 'label/didSave']);
  assert.match(fs.text('mem://ws/trait-rl-sample.labels/anonymous.jsonl') ?? '', /after a retry/);
});
