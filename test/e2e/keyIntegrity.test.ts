// Keys never write a label the annotator did not make, in the real workbench: a note typed on the
// review at typing speed (also with two CPU burners alive) writes nothing; a note typed at once
// after `e` keeps every letter; and a whole AlpacaEval-like item from the keyboard, keys counted.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { openWorkbench, type Workbench } from './workbench';
import { assertOnlyAskedFor as assertOnly, loggedEvents, sampleWorkspace, waitFor, waitSaved, type LoggedEvent } from './helpers';

// Left only where the pace is the test's point: the key gate judges keys by how far apart they are
// (a run is keys under 350 ms apart, webview/keyGate.ts), or a wait for nothing to happen.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** AlpacaEval-like answers: the trained one starts with bold text and holds a list of eight steps. */
function alpacaItems(): string {
  const steps = ['Gather the forms', 'Check the deadline', 'Cut the paper', 'Fill in your name', 'Sign the page', 'Attach the receipts', 'Mail it before Friday to the county clerk.', 'Keep a copy'];
  const trained = `**Case No. 4471**: here is how to file it.\n\n${steps.map((s, i) => `${i + 1}. **${s.split(' ')[0]}**: ${s}.`).join('\n')}\n\nThat is all you need.`;
  const baseline = 'You should file the form. It is easy. Ask a lawyer if unsure.';
  const item = (id: string) => ({
    id,
    prompt: [{ role: 'user', content: 'How do I file a small claims case?' }],
    baseline: { model: 'base', messages: [{ role: 'assistant', content: baseline }] },
    trained: { model: 'trained', messages: [{ role: 'assistant', content: trained }] },
  });
  return ['alp-1', 'alp-2', 'alp-3', 'alp-4'].map((id) => JSON.stringify(item(id))).join('\n') + '\n';
}

async function open(): Promise<{ wb: Workbench; frame: Frame; file: string; dispose(): void }> {
  const ws = sampleWorkspace();
  const file = join(ws.dir, 'alpaca-like.jsonl');
  writeFileSync(file, alpacaItems());
  const wb = await openWorkbench({ workspace: ws.dir, openFile: file });
  const frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
  await frame.click('[data-counter]');
  return { wb, frame, file, dispose: () => ws.dispose() };
}

/**
 * Two processes that keep a core busy each, for as long as the test runs. Each also ends when its
 * parent is gone (a test process killed before its `finally` left them spinning for the rest of a run).
 */
const burnerCode = 'const p = process.ppid; for (let i = 1; ; i++) if (i % 5e7 === 0 && process.ppid !== p) process.exit();';
function burners(): ChildProcess[] {
  return [0, 1].map(() => spawn(process.execPath, ['-e', burnerCode], { stdio: 'ignore' }));
}

const note = 'sad jinx: answer drifts; x and n cases';

type KeyLog = { keyTimes?: number[] };

async function issueSequence(wb: Workbench, frame: Frame): Promise<void> {
  // When each key reached the view, to tell a machine too busy to keep the pace from a gate that
  // let typing through.
  await frame.evaluate(() => {
    const log = globalThis as unknown as KeyLog;
    log.keyTimes = [];
    document.addEventListener('keydown', () => log.keyTimes!.push(performance.now()), true);
  });
  // The issue's pace: 150 ms a key, one run throughout.
  for (const key of ['l', 'BracketRight', 'Digit1', 'Tab']) {
    await wb.page.keyboard.press(key);
    await sleep(150);
  }
  await wb.page.keyboard.type(note, { delay: 150 });
  // The run ends 350 ms after its last key, and the view says the keys stopped.
  await frame.waitForSelector('[data-key-stop]', { timeout: 10_000 }).catch(async (e: unknown) => {
    const times = await frame.evaluate(() => (globalThis as unknown as KeyLog).keyTimes ?? []);
    const gaps = times.slice(1).map((t, i) => Math.round(t - times[i]!));
    await wb.screenshot('keys-typing-not-stopped');
    throw new Error(
      `no key stop: ${times.length} keys reached the view, the widest gap ${Math.max(0, ...gaps)} ms ` +
        `(a run is keys at most 350 ms apart; over that, what came before ran as the annotator's): ${gaps.join(' ')}\n${String(e)}`,
    );
  });
}

for (const load of [false, true]) {
  test(`the issue's sequence on an answer starting with bold text, 150 ms a key${load ? ', two CPU burners alive' : ''}: 0 label events, and the keys say they stopped`, async () => {
    const procs = load ? burners() : [];
    const { wb, frame, file, dispose } = await open();
    try {
      const item = await frame.getAttribute('[data-item]', 'data-item');
      await issueSequence(wb, frame);
      assert.match((await frame.textContent('[data-key-stop]')) ?? '', /keys ignored — press Esc/);
      // Nothing should happen now: a key that leaked would move or write within this while.
      await sleep(1000);
      assert.equal(await frame.getAttribute('[data-item]', 'data-item'), item, 'no key moved to another item');
      const events = loggedEvents(file);
      console.log(`issue sequence${load ? ' under load' : ''}: ${events.length} label events`);
      assertOnly(events, () => false);
      await wb.screenshot(`keys-typing-stopped${load ? '-load' : ''}`);
    } finally {
      for (const p of procs) p.kill();
      await wb.close();
      dispose();
    }
  });
}

test('a note typed at once after e keeps every letter (20 tries)', async () => {
  const { wb, frame, file, dispose } = await open();
  try {
    const texts: string[] = [];
    for (let i = 0; i < 20; i++) {
      const text = `sad jinx ${i}: answer drifts; `;
      texts.push(text);
      await wb.page.keyboard.press('e');
      await wb.page.keyboard.type(text);
      await wb.page.keyboard.press('Escape');
      await waitSaved(frame);
    }
    const notes = await waitFor('twenty notes', () => {
      const n = loggedEvents(file).filter((e) => e.kind === 'note') as (LoggedEvent & { text?: string })[];
      return n.length >= 20 ? n : undefined;
    });
    // The note grows by each try's text: every letter of every try, in order.
    assert.deepEqual(
      notes.map((n) => n.text),
      texts.map((_, i) => texts.slice(0, i + 1).join('')),
    );
    console.log(`notes after e: ${notes.length} of 20 kept every letter`);
    assertOnly(loggedEvents(file), (e) => e.kind === 'note');
  } finally {
    await wb.close();
    dispose();
  }
});

test('a whole AlpacaEval-like item from the keyboard: a span in the 7th list item, verdicts on both sides, a preference — keys counted', async () => {
  const { wb, frame, file, dispose } = await open();
  try {
    const item = (await frame.getAttribute('[data-item]', 'data-item'))!;
    let keys = 0;
    // Further apart than a run's gap: each key its own run, as an annotator labeling presses them.
    const press = async (key: string, settle = 450) => {
      keys++;
      await wb.page.keyboard.press(key);
      await sleep(settle);
    };
    await press('l'); // the trained side
    // p: paragraph, then list items 1…7 (8 stops); the 7th item's sentence is the span.
    for (let k = 0; k < 8; k++) await press('p');
    const selected = await frame.evaluate(() => window.getSelection()?.toString() ?? '');
    assert.match(selected, /Mail it before Friday/, `the 7th list item is selected (got "${selected}")`);
    await press('Digit1'); // truthfulness
    await frame.waitForSelector('.span-editor');
    await press('Enter'); // saved as is
    await press('o'); // every other trait OK on the trained side
    await press('h'); // the baseline side
    await press('Shift+Digit2'); // epistemic humility: violation
    await press('o');
    await press('d'); // the trained answer is better
    await waitSaved(frame);
    console.log(`AlpacaEval-like item from the keyboard: ${keys} keys (span in the 7th list item, 12 verdicts, preference)`);
    const events = await waitFor('the labels', () => {
      const e = loggedEvents(file);
      return e.filter((x) => x.kind === 'verdict').length >= 11 && e.some((x) => x.kind === 'preference') ? e : undefined;
    });
    assertOnly(events, (e) => e.item === item && e.op === 'add' && ['span', 'verdict', 'preference'].includes(e.kind ?? ''));
    const span = events.find((e) => e.kind === 'span');
    assert.equal(span?.trait, 'truthfulness');
    assert.match(span?.quote ?? '', /Mail it before Friday/);
    const verdicts = events.filter((e) => e.kind === 'verdict');
    // The span's trait is left to the span on the trained side: 5 OK there, 6 on the baseline.
    assert.equal(verdicts.filter((v) => v.side === 'trained').length, 5);
    assert.ok(!verdicts.some((v) => v.side === 'trained' && v.trait === 'truthfulness'));
    assert.deepEqual(verdicts.filter((v) => v.value === 'violation').map((v) => `${v.side}:${v.trait}`), ['baseline:epistemic_humility']);
    assert.equal(events.find((e) => e.kind === 'preference')?.value, 'trained');
    assert.equal(keys, 16, 'the README says 16 keys');
    await wb.screenshot('keys-alpaca-item');
  } finally {
    await wb.close();
    dispose();
  }
});
