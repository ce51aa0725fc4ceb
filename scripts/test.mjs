// npm test [-- unit|integration|e2e ...]   (default: all three, in that order)
//
// unit:        node:test on test/unit/*.test.ts (no VS Code).
// integration: test/integration/*.test.ts inside the real extension host of a code-server,
//              whose workbench a headless Chromium holds open; results come back as a file.
// e2e:         node:test on test/e2e/*.test.ts, which drive the workbench (test/e2e/workbench.ts).
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { provision, repoRoot } from './provision.mjs';
import { timingRecords, timingTable, unitBundleDir } from './testTiming.mjs';
import { launchChromium, startCodeServer, startSharedWorkbench, tail } from './codeServer.mjs';

const TIERS = ['unit', 'integration', 'e2e'];
const INTEGRATION_TIMEOUT_MS = 5 * 60_000;
// Unit test files run at once: one per core, at least two.
const UNIT_CONCURRENCY = Math.max(2, availableParallelism());
// E2E test files run at once, each on a code-server of its own lane: much of a workbench test is
// waiting (for the extension host, the webview, a debounce), so two overlap well on a quiet
// 2-core machine. On a machine that others keep busy (half its cores or more), one: two would
// only share the same CPU and stretch each test's waits towards their timeouts (measured: at a
// load of 30 on 2 cores, two at a time timed out waiting for workbenches and webviews).
// The busy share is measured over the tier's first seconds, when none of the suite's own processes
// runs: the load average read there still counts the unit tier's (2.9 on 2 cores right after it on
// a quiet machine, which chose one lane and doubled the tier's time).
// TRANSCRIPT_REVIEW_E2E_LANES overrides.
const BUSY_SAMPLE_MS = 2000;
// Files that load the machine on purpose (keyIntegrity starts two CPU burners to type the issue's
// sequence under a known load) run after the others, one at a time: a second lane beside them is
// load the test did not ask for, and once (load 22, two lanes) starved the test's own process so
// that its keys reached the view further apart than a run, which the test then cannot tell from
// a gate that let typing through.
const E2E_ALONE = ['test/e2e/keyIntegrity.test.ts'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The share of the CPU (0…1) busy in the next `ms`, from the kernel's per-core tick counters. */
async function busyShare(ms) {
  const ticks = () =>
    cpus().reduce((t, { times: c }) => ({ idle: t.idle + c.idle, total: t.total + c.user + c.nice + c.sys + c.idle + c.irq }), { idle: 0, total: 0 });
  const a = ticks();
  await sleep(ms);
  const b = ticks();
  return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
}

async function e2eLanes() {
  const asked = Number(process.env.TRANSCRIPT_REVIEW_E2E_LANES);
  if (asked >= 1) return { lanes: Math.floor(asked), why: 'TRANSCRIPT_REVIEW_E2E_LANES' };
  const busy = await busyShare(BUSY_SAMPLE_MS);
  const why = `${Math.round(busy * 100)} % of ${availableParallelism()} cores busy with other work over ${BUSY_SAMPLE_MS / 1000} s; load average ${loadavg()[0].toFixed(1)}, the suite's own included`;
  return { lanes: busy < 0.5 ? 2 : 1, why };
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

let current; // the child process running now, to pass a Ctrl+C / kill on to it

function run(cmd, args, { env, capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: repoRoot,
      env: { ...process.env, ...(capture && process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}), ...env },
      stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    });
    current = child;
    let out = '';
    // Shown as it comes, and kept to read the counts from the reporter's summary.
    child.stdout?.on('data', (d) => {
      process.stdout.write(d);
      out += d;
    });
    child.on('close', (code, signal) => {
      current = undefined;
      if (interrupted) process.exit(interrupted);
      resolve({ code: code ?? (signal ? 1 : 0), out });
    });
  });
}

let interrupted = 0;
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(sig, () => {
    interrupted = code;
    // The child's 'close' then ends this process too (no further tiers).
    if (current) current.kill(sig);
    // While a server runs, codeServer.mjs's own listener stops it and exits.
    else if (process.listenerCount(sig) === 1) process.exit(code);
  });
}

function testFiles(dir) {
  const abs = join(repoRoot, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => onlyFiles.length === 0 || onlyFiles.some((o) => o.endsWith(`${dir}/${f}`) || o === f))
    .sort()
    .map((f) => join(dir, f));
}

/** Counts from node:test's spec reporter summary ("ℹ pass 3", "ℹ fail 0"). */
function nodeTestCounts({ code, out }) {
  // eslint-disable-next-line no-control-regex
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (name) => Number(plain.match(new RegExp(`^ℹ ${name} (\\d+)`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  let failed = count('fail') + count('cancelled');
  // A crash before the summary still fails the tier.
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

// Where each test file's last wall time is kept (git-ignored), to start the slowest files first.
const timingsFile = join(repoRoot, '.vscode-test', 'test-timings.json');
// Before any run has recorded times (a clean clone): the files known to be slowest, first.
const KNOWN_SLOW = [
  // Slowest first, as measured on a quiet 2-core machine (wall s): unit 50–13, e2e 94–43. Since their
  // themes share one window, markdown (5 workbench loads → 2) and exportReport (3 → 2) are placed by their
  // loads, not measured; stepNavigation and reviewEditor (one load each) left the list.
  'test/unit/hostileInputs.test.ts',
  'test/unit/shardMemory.test.ts',
  'test/unit/cliExport.test.ts',
  'test/unit/ppiCoverage.test.ts',
  'test/unit/cliShards.test.ts',
  'test/unit/cli.test.ts',
  'test/unit/cliHostile.test.ts',
  'test/unit/cacheAttacks.test.ts',
  'test/unit/cliPowered.test.ts',
  'test/unit/agentTraces.test.ts',
  'test/e2e/keyIntegrity.test.ts',
  'test/e2e/keyboard.test.ts',
  'test/e2e/agentTraces.test.ts',
  'test/e2e/comparisons.test.ts',
  'test/e2e/adapters.test.ts',
  'test/e2e/agentSteps.test.ts',
  'test/e2e/markdown.test.ts',
  'test/e2e/exportReport.test.ts',
];

function readTimings() {
  try {
    return JSON.parse(readFileSync(timingsFile, 'utf8'));
  } catch {
    return {};
  }
}

/**
 * Slowest first (by the last recorded wall time, else the known slow ones, else by name): with
 * several files at a time, a slow file started last would run alone at the end.
 */
function slowestFirst(files) {
  const last = readTimings();
  const rank = (f) => last[f] ?? (KNOWN_SLOW.includes(f) ? 1e9 - KNOWN_SLOW.indexOf(f) : -1);
  return [...files].sort((a, b) => rank(b) - rank(a) || a.localeCompare(b));
}

/**
 * node:test over `files`, `concurrency` at a time, slowest first (scripts/testRun.mjs), then the
 * table of the slowest ten with each file's wall and CPU time (scripts/testTiming.mjs). Each test
 * file's process runs its TypeScript under tsx, or, given `bundles` (the unit tier), the bundle
 * built from it (`bundles(file)` is its path).
 */
async function nodeTestRun(dir, files, { concurrency, env = {}, bundles }) {
  const timing = mkdtempSync(join(tmpdir(), 'transcript-review-timing-'));
  const timed = ['--import', pathToFileURL(join(repoRoot, 'scripts', 'testTiming.mjs')).href];
  const loader = bundles ? ['--enable-source-maps'] : ['--import', 'tsx'];
  const ordered = slowestFirst(files).map((f) => (bundles ? bundles(f) : f));
  try {
    const res = await run(process.execPath, [...loader, ...timed, join(repoRoot, 'scripts', 'testRun.mjs'), ...ordered], {
      env: { ...env, TRANSCRIPT_REVIEW_TEST_TIMING: timing, TRANSCRIPT_REVIEW_TEST_CONCURRENCY: String(concurrency) },
      capture: true,
    });
    const table = timingTable(timing, repoRoot, 10);
    if (table.length) console.log(`\n── ${dir}: ${table.join('\n')}`);
    const times = timingRecords(timing, repoRoot);
    if (Object.keys(times).length) {
      mkdirSync(dirname(timingsFile), { recursive: true });
      writeFileSync(timingsFile, JSON.stringify({ ...readTimings(), ...times }, null, 1) + '\n');
    }
    return res;
  } finally {
    rmSync(timing, { recursive: true, force: true });
  }
}

async function nodeTestTier(dir, concurrency, env, { bundle } = {}) {
  const files = testFiles(dir);
  if (files.length === 0) {
    console.log(`no ${dir}/*.test.ts files`);
    return { passed: 0, failed: 0 };
  }
  const bundles = bundle ? await bundle(files) : undefined;
  return nodeTestCounts(await nodeTestRun(dir, files, { concurrency, env, bundles }));
}

/**
 * The unit test files bundled (esbuild.mjs `unitTestTarget`) into dist-test/unit/, where
 * scripts/testTiming.mjs names each by its source again. Returns the bundle of a test file.
 */
async function bundleUnitTests(files) {
  const esbuild = await import('esbuild');
  const { unitTestTarget } = await import(pathToFileURL(join(repoRoot, 'esbuild.mjs')).href);
  const outdir = join(repoRoot, unitBundleDir);
  // A deleted test file's old bundle must not look like a current one.
  rmSync(outdir, { recursive: true, force: true });
  const t0 = Date.now();
  await esbuild.build({ ...unitTestTarget(files, outdir), absWorkingDir: repoRoot });
  console.log(`${files.length} test files bundled in ${secs(Date.now() - t0)}`);
  return (f) => join(outdir, basename(f).replace(/\.ts$/, '.js'));
}

/**
 * The CLI bundled from the current sources into a fresh folder, for the unit tests that run the
 * CLI as a process (test/unit/helpers.ts `cliArgv`): a bundle starts in a fraction of the time
 * and CPU that tsx takes to compile the sources on every run. Built here, never read from dist/,
 * so a stale build is never what is tested. The scan worker goes beside it, where the CLI looks.
 */
async function buildTestCli(dir) {
  const esbuild = await import('esbuild');
  const { cliTarget } = await import(pathToFileURL(join(repoRoot, 'esbuild.mjs')).href);
  await esbuild.build({
    ...cliTarget,
    entryPoints: { ...cliTarget.entryPoints, scanWorker: 'src/node/scan/scanWorker.ts' },
    absWorkingDir: repoRoot,
    outdir: dir,
    sourcemap: false,
    logLevel: 'silent',
  });
  return join(dir, 'cli.js');
}

const tiers = {
  async unit() {
    const dir = mkdtempSync(join(tmpdir(), 'transcript-review-cli-'));
    try {
      // Two files at a time: node:test's default on a 2-core machine is one, which leaves a core idle.
      return await nodeTestTier('test/unit', UNIT_CONCURRENCY, { TRANSCRIPT_REVIEW_TEST_CLI: await buildTestCli(dir) }, { bundle: bundleUnitTests });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  async integration() {
    await provision();
    const tmp = mkdtempSync(join(tmpdir(), 'transcript-review-it-'));
    const workspace = join(tmp, 'workspace');
    const resultFile = join(tmp, 'result.json');
    const samples = join(repoRoot, 'samples');
    if (existsSync(samples)) cpSync(samples, workspace, { recursive: true });
    else mkdirSync(workspace);

    let server, browser;
    try {
      server = await startCodeServer({ workspace, env: { TRANSCRIPT_REVIEW_TEST_RESULT: resultFile } });
      browser = await launchChromium();
      const page = await browser.newPage();
      // The extension host only lives while a workbench page is open.
      await page.goto(
        server.url({
          extensionDevelopmentPath: repoRoot,
          extensionTestsPath: join(repoRoot, 'dist-test', 'integration', 'index.js'),
        }),
      );
      const deadline = Date.now() + INTEGRATION_TIMEOUT_MS;
      while (!existsSync(resultFile) && Date.now() < deadline) await sleep(500);
      if (!existsSync(resultFile)) {
        console.log(`no result after ${secs(INTEGRATION_TIMEOUT_MS)}; extension host log (tail):`);
        console.log(tail(server.extHostLog() || '(no remoteexthost.log)', 80));
        return { passed: 0, failed: 1 };
      }
      const result = JSON.parse(readFileSync(resultFile, 'utf8'));
      for (const title of result.passes ?? []) console.log(`  ✔ ${title}`);
      for (const f of result.failures) {
        console.log(`\n  ✖ ${f.title}\n${f.error.replace(/^/gm, '      ')}`);
      }
      return { passed: result.passed, failed: result.failed };
    } finally {
      await browser?.close();
      await server?.stop();
      rmSync(tmp, { recursive: true, force: true });
    }
  },

  async e2e() {
    // Provision here rather than inside the first test, where it would eat the test's time.
    const codeServerDir = await provision();
    const files = testFiles('test/e2e');
    if (files.length === 0) {
      console.log('no test/e2e/*.test.ts files');
      return { passed: 0, failed: 0 };
    }
    // A code-server per lane and one Chromium for every file (test/e2e/workbench.ts opens each
    // test's window on them): starting both per test took longer than most tests.
    const chosen = files.length === 1 ? { lanes: 1, why: 'one file' } : await e2eLanes();
    const lanes = Math.min(chosen.lanes, files.length);
    console.log(`${lanes} file(s) at a time (${chosen.why})`);
    const shared = await startSharedWorkbench({ lanes });
    try {
      const env = { TRANSCRIPT_REVIEW_CODE_SERVER: codeServerDir, ...shared.env };
      const together = files.filter((f) => !E2E_ALONE.includes(f));
      const alone = files.filter((f) => E2E_ALONE.includes(f));
      const runs = [];
      if (together.length) runs.push(await e2eRun(together, env, lanes));
      if (alone.length) {
        if (lanes > 1) console.log(`\n── e2e: alone, after the others: ${alone.join(', ')}`);
        runs.push(await e2eRun(alone, env, 1));
      }
      const counts = runs.map(nodeTestCounts).reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed }));
      if (counts.failed === 0) return counts;
      // A real browser driving a real workbench on a busy 2-core machine has timing flakes. Failing
      // files run once more; a test that passes only then is reported by name, never hidden.
      // eslint-disable-next-line no-control-regex
      const plain = runs.map((r) => r.out).join('\n').replace(/\x1b\[[0-9;]*m/g, '');
      const failedFiles = [...new Set([...plain.matchAll(/^test at (test\/e2e\/[\w.-]+\.test\.ts):/gm)].map((m) => join(repoRoot, m[1])))];
      if (failedFiles.length === 0) return counts;
      console.log(`\n── e2e: retrying once: ${failedFiles.map((f) => f.slice(repoRoot.length + 1)).join(', ')}`);
      // One at a time: the retry should not fail for the load the first run had.
      const retry = nodeTestCounts(await e2eRun(failedFiles, env, 1));
      if (retry.failed === 0) console.log(`── e2e: ${counts.failed} test(s) failed first and passed on the retry (flaky, see above)`);
      return { passed: counts.passed + counts.failed - retry.failed, failed: retry.failed };
    } finally {
      console.log(`\n${shared.windowsReport()}`);
      await shared.stop();
    }
  },
};

/** The e2e files, `concurrency` at a time (no more than there are lanes). */
function e2eRun(files, env, concurrency) {
  return nodeTestRun('test/e2e', files, { concurrency, env });
}

// `node scripts/test.mjs e2e test/e2e/keyIntegrity.test.ts`: only the named test files of the tiers asked for.
const onlyFiles = process.argv.slice(2).filter((a) => a.endsWith('.test.ts'));
const requested = process.argv.slice(2).filter((a) => !a.endsWith('.test.ts'));
const unknown = requested.filter((t) => !TIERS.includes(t));
if (unknown.length) {
  console.error(`unknown tier(s): ${unknown.join(', ')}; expected any of ${TIERS.join(', ')}`);
  process.exit(2);
}
const selected = TIERS.filter((t) => requested.length === 0 || requested.includes(t));

if (selected.some((t) => t !== 'unit')) {
  // A deleted test file's old bundle would otherwise still run.
  rmSync(join(repoRoot, 'dist-test'), { recursive: true, force: true });
  // The packaged .vsix for test/e2e/vsix.test.ts, made here once: packaging rewrites dist/ (a
  // production build), which must not happen while other e2e files run their workbenches from it.
  if (selected.includes('e2e') && testFiles('test/e2e').some((f) => f.endsWith('/vsix.test.ts'))) {
    console.log('── package');
    const vsix = join(repoRoot, 'transcript-review.vsix');
    rmSync(vsix, { force: true });
    if ((await run('npm', ['run', 'package'])).code !== 0) {
      console.error('packaging failed; no tests run');
      process.exit(1);
    }
    const dir = mkdtempSync(join(tmpdir(), 'transcript-review-vsix-'));
    process.env.TRANSCRIPT_REVIEW_VSIX = join(dir, 'transcript-review.vsix');
    copyFileSync(vsix, process.env.TRANSCRIPT_REVIEW_VSIX);
    rmSync(vsix);
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  // After packaging: the development build (with source maps) is what the tests run.
  console.log('── build');
  const { code } = await run('npm', ['run', 'build']);
  if (code !== 0) {
    console.error('build failed; no tests run');
    process.exit(1);
  }
}

const results = [];
for (const name of selected) {
  console.log(`\n── ${name}`);
  const t0 = Date.now();
  let r;
  try {
    r = await tiers[name]();
  } catch (e) {
    console.error(e instanceof Error ? e.stack : e);
    r = { passed: 0, failed: 1 };
  }
  const ms = Date.now() - t0;
  results.push({ name, ...r, ms });
  console.log(`── ${name}: ${r.passed} passed, ${r.failed} failed in ${secs(ms)}`);
}

console.log('\n══ test summary ══════════════════════════════');
for (const r of results) {
  const mark = r.failed ? '✖' : '✔';
  console.log(`${mark} ${r.name.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed ${secs(r.ms).padStart(9)}`);
}
console.log('══════════════════════════════════════════════');
process.exit(results.some((r) => r.failed) ? 1 : 0);
