// Starts and stops a code-server (VS Code 1.100.3 in the browser) for the integration and e2e
// tiers and `npm start`, and launches the headless Chromium that holds its workbench open.
// See /work/shared/TESTING-VSCODE.md.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, codeServerEntry } from './provision.mjs';

/** Without these the workbench opens behind a trust dialog or a welcome page, or tries the network. */
export const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
};

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh directory under .vscode-test/runs/ (git-ignored); the caller removes it. */
export function makeRunDir() {
  const dir = join(cacheDir, 'runs', randomBytes(4).toString('hex'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A path as the workbench sees it: a URI on the remote (code-server) side. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The workbench URL. `payload` is `[key, value][]` or an object, e.g.
 * `{ extensionDevelopmentPath: '/abs/repo', extensionTestsPath: '/abs/dist-test/integration/index.js' }`;
 * absolute paths become vscode-remote URIs.
 */
export function workbenchUrl({ port, folder, payload = [] }) {
  const entries = (Array.isArray(payload) ? payload : Object.entries(payload))
    .filter(([, v]) => v != null)
    .map(([k, v]) => [k, typeof v === 'string' && v.startsWith('/') ? remoteUri(port, v) : v]);
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  if (entries.length) q.set('payload', JSON.stringify(entries));
  return `http://127.0.0.1:${port}/?${q}`;
}

function writeSettings(userDataDir, settings) {
  const file = join(userDataDir, 'User', 'settings.json');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  let existing = {};
  // A persistent user-data dir (npm start) keeps the user's own settings.
  try {
    existing = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    /* none yet, or JSON with comments: start over */
  }
  writeFileSync(file, JSON.stringify({ ...existing, ...BASE_SETTINGS, ...settings }, null, 2) + '\n');
}

// Inherited from a VS Code terminal, these make code-server hand the folder to that
// instance and exit instead of starting its own.
function serverEnv(extra) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k.startsWith('CODE_SERVER_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return { ...env, ...extra };
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const live = new Set();
let signalsHooked = false;

// The server runs in its own process group, so a Ctrl+C in the terminal does not reach it
// and Node's default signal exit skips 'exit' listeners: stop every live server first.
function stopOnSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, async () => {
      await Promise.allSettled([...live].map((stop) => stop()));
      process.exit(code);
    });
  }
  // A killed `npm start`/`npm test` does not pass the signal on through its `sh -c`; we
  // notice by being re-parented, and stop as if told to.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}

/**
 * Newest `logs/<session>/exthostN/remoteexthost.log` under the user-data dir, or ''. A server
 * that many windows share starts one extension host per window (exthost1, exthost2, …).
 */
export function extHostLog(userDataDir) {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  const files = readdirSync(logs)
    .flatMap((d) => (statSync(join(logs, d)).isDirectory() ? readdirSync(join(logs, d)).filter((h) => /^exthost\d+$/.test(h)).map((h) => join(logs, d, h, 'remoteexthost.log')) : []))
    .filter((f) => existsSync(f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files.length ? readFileSync(files[0], 'utf8') : '';
}

/**
 * A shared server's user settings and key bindings put back to a fresh user's before the next
 * window opens: exactly BASE_SETTINGS plus `settings`, and no keybindings.json.
 */
export function resetUser(userDataDir, settings = {}) {
  const user = join(userDataDir, 'User');
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2) + '\n');
  rmSync(join(user, 'keybindings.json'), { force: true });
}

export function tail(text, lines = 60) {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Starts code-server in its own process group and waits until it answers HTTP.
 * Without userDataDir/extensionsDir, throw-away ones under .vscode-test/runs/ are used and
 * removed by stop(). `output: 'inherit'` shows the server's output; otherwise it goes to
 * `logFile`.
 */
export async function startCodeServer({
  port,
  workspace,
  userDataDir,
  extensionsDir,
  env = {},
  settings = {},
  output = 'file',
  startTimeoutMs = 60_000,
} = {}) {
  if (!existsSync(codeServerEntry)) throw new Error(`code-server is not provisioned (${codeServerEntry}); run npm run provision`);
  port ??= await freePort();
  const runDir = userDataDir && extensionsDir ? undefined : makeRunDir();
  userDataDir ??= join(runDir, 'user-data');
  extensionsDir ??= join(runDir, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  writeSettings(userDataDir, settings);
  const logFile = join(runDir ?? userDataDir, 'code-server.log');
  // Unix socket paths are limited to ~107 bytes, too short for a deep checkout's user-data dir.
  const sessionSocket = join(tmpdir(), `trcs-${randomBytes(4).toString('hex')}.sock`);

  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--session-socket', sessionSocket,
    ...(workspace ? [workspace] : []),
  ];
  const fd = output === 'inherit' ? undefined : openSync(logFile, 'a');
  // detached: own process group, so stop() reaches the extension host and every other child.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', fd, fd],
    env: serverEnv({ CODE_SERVER_CONFIG: join(userDataDir, 'code-server.yaml'), ...env }),
  });
  if (fd !== undefined) closeSync(fd);
  const pid = child.pid;
  let exited = false;
  const exitedPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.on('exit', () => (exited = true));

  let stopped = false;
  // Last resort if the launcher exits without calling stop(): no server left behind.
  const onExit = () => {
    if (!stopped && groupAlive(pid)) process.kill(-pid, 'SIGKILL');
  };
  process.on('exit', onExit);

  async function stop() {
    if (stopped) return;
    stopped = true;
    live.delete(stop);
    process.off('exit', onExit);
    if (groupAlive(pid)) {
      process.kill(-pid, 'SIGTERM');
      const deadline = Date.now() + 3000;
      while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
      while (groupAlive(pid)) await sleep(50);
    }
    rmSync(sessionSocket, { force: true });
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  }

  live.add(stop);
  stopOnSignals();

  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited during startup:\n${tail(log())}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      const text = log();
      await stop();
      throw new Error(`code-server did not answer on port ${port} within ${startTimeoutMs / 1000} s:\n${tail(text)}`);
    }
    await sleep(200);
  }

  return {
    port,
    pid,
    userDataDir,
    extensionsDir,
    logFile,
    url: (payload = [], folder = workspace) => workbenchUrl({ port, folder, payload }),
    extHostLog: () => extHostLog(userDataDir),
    log,
    /** Settles when the server's main process exits, for whatever reason. */
    exited: exitedPromise,
    stop,
  };
}

/**
 * Installs a `.vsix` into `extensionsDir` with code-server's own CLI, as a user's
 * `code --install-extension` does. Returns the CLI's output; throws when it fails.
 */
export async function installExtension({ vsix, extensionsDir }) {
  if (!existsSync(codeServerEntry)) throw new Error(`code-server is not provisioned (${codeServerEntry}); run npm run provision`);
  mkdirSync(extensionsDir, { recursive: true });
  // Its own user-data dir and config, or it writes ~/.config/code-server/config.yaml.
  const runDir = makeRunDir();
  try {
    const args = [codeServerEntry, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', join(runDir, 'user-data')];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnv({ CODE_SERVER_CONFIG: join(runDir, 'code-server.yaml') }),
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    if (code !== 0 || !/successfully installed/i.test(out)) throw new Error(`code-server --install-extension ${vsix} failed (exit ${code}):\n${out}`);
    return out;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** Headless Debian Chromium via playwright-core (never `playwright install`: it downloads). */
export async function launchChromium({ headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless, args: CHROMIUM_ARGS });
}

/**
 * How often the lanes' windows served a test as the last one left them and how often they were
 * loaded, and why (test/e2e/workbench.ts writes a line a window into `windows.log`).
 */
function windowsReport(lanes) {
  const lines = lanes.flatMap((l) => {
    return existsSync(l.windowsLog) ? readFileSync(l.windowsLog, 'utf8').split('\n').filter(Boolean) : [];
  });
  const count = (kind) => lines.filter((l) => l === kind).length;
  const why = new Map();
  for (const l of lines.filter((l) => l.startsWith('loaded\t'))) why.set(l.slice(7), (why.get(l.slice(7)) ?? 0) + 1);
  const loaded = [...why.values()].reduce((a, b) => a + b, 0);
  return [
    `workbench windows: the lanes' ${count('reused')} times as the last test left it, ${loaded} times loaded; ${count('own')} of a test's own`,
    ...[...why].map(([r, n]) => `  loaded ${n} × ${r}`),
  ].join('\n');
}

/**
 * A Chromium whose one window the test processes of a lane share over the DevTools protocol:
 * its default (persistent) context, which outlives any one client, unlike contexts a client
 * creates. Returns the context, to close, and the protocol's address.
 */
async function launchLaneChromium(profile) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Port 0: Chromium picks a free one and writes it into the profile.
    args: [...CHROMIUM_ARGS, '--remote-debugging-port=0'],
    // Each test sets its own; a client's emulation ends with its connection.
    viewport: null,
  });
  const portFile = join(profile, 'DevToolsActivePort');
  const deadline = Date.now() + 10_000;
  while (!existsSync(portFile) || !readFileSync(portFile, 'utf8').includes('\n')) {
    if (Date.now() > deadline) {
      await context.close();
      throw new Error(`Chromium wrote no DevToolsActivePort in ${profile}`);
    }
    await sleep(50);
  }
  const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
  return { context, cdp: `http://127.0.0.1:${port}` };
}

/**
 * Code-servers for a whole e2e tier, whose test files (each its own process) open their
 * workbenches on them (test/e2e/workbench.ts). One lane per test file that runs at once, each with
 * a code-server, a workspace folder and a Chromium of its own: the lane's window stays open from
 * one test to the next (a workbench load costs about 19 CPU-seconds, more than most tests), and
 * each test works in a folder of its own inside the lane's workspace. The Chromium is the lane's,
 * not a test file's, so that its window outlives the file: test processes reach it over the
 * DevTools protocol (`cdp`), and its profile holds only that window, whose browser-side state the
 * tests clear when they load it afresh. `env` is what the test processes need to find the lanes.
 */
export async function startSharedWorkbench({ lanes = 1 } = {}) {
  const runDir = makeRunDir();
  const servers = [];
  const browsers = [];
  const stop = async () => {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(runDir, { recursive: true, force: true });
  };
  const startLane = async (i) => {
    const lane = join(runDir, `lane-${i}`);
    const openRequests = join(lane, 'open');
    mkdirSync(openRequests, { recursive: true });
    const server = await startCodeServer({
      userDataDir: join(lane, 'user-data'),
      extensionsDir: join(lane, 'extensions'),
      env: { TRANSCRIPT_REVIEW_OPEN_REQUESTS: openRequests },
    });
    servers.push(server);
    const workspace = join(lane, 'workspace');
    mkdirSync(workspace);
    const browser = await launchLaneChromium(join(lane, 'browser'));
    browsers.push(browser.context);
    return {
      port: server.port,
      pid: server.pid,
      userDataDir: server.userDataDir,
      logFile: server.logFile,
      openRequests,
      lock: join(lane, 'lock'),
      workspace,
      cdp: browser.cdp,
      state: join(lane, 'window.json'),
      windowsLog: join(lane, 'windows.log'),
    };
  };
  let started;
  try {
    // All at once: each mostly waits for its server to answer.
    const laneResults = await Promise.allSettled(Array.from({ length: lanes }, (_, i) => startLane(i)));
    const failed = laneResults.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    started = laneResults.map((r) => r.value);
  } catch (e) {
    await stop();
    throw e;
  }
  const shared = { lanes: started };
  return { env: { TRANSCRIPT_REVIEW_E2E_SHARED: JSON.stringify(shared) }, stop, windowsReport: () => windowsReport(started) };
}
