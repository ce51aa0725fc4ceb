// Harness for end-to-end tests: a code-server (VS Code 1.100.3) with this extension loaded
// from the working tree, and a headless Chromium page on its workbench.
// See /work/shared/TESTING-VSCODE.md. Build first (`npm run build`; `npm test e2e` does it).
//
//   const wb = await openWorkbench({ workspace, openFile: join(workspace, 'x.jsonl'), theme: 'Default Light Modern' });
//   try { const frame = await wb.webviewFrame('.some-item'); await wb.screenshot('x'); } finally { await wb.close(); }
//
// Under `npm test` the tier starts a lane per test file that runs at once (a code-server, a
// workspace folder and a Chromium, TRANSCRIPT_REVIEW_E2E_SHARED, see scripts/codeServer.mjs
// startSharedWorkbench), and the lane's window stays open from one test to the next: a test works in
// a folder of its own inside the lane's workspace (e2eTempDir, sampleWorkspace), is shown its file
// through the window's open request, and leaves the window as it found it (close: no editor, no
// dialog, no notification, the same layout). After a test that could not leave it so, failed, or
// wrote key bindings or settings, and for a test that asks for other settings or a fresh window
// (`fresh`), the window is loaded afresh with its browser-side state cleared: a fresh user, as before
// each test. `ownWindow` (and a folder with workspace settings, another extension, a folder outside
// the lane) gets a window of the test's own in a fresh context. Options a shared server cannot honour
// (env, extensionsDir, ownServer) start a server of the test's own, as does a test file run alone.
import { after, afterEach } from 'node:test';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { openRequestName } from '../../src/node/openOnStart';
import { waitFor } from '../waitFor';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

export interface CodeServer {
  port: number;
  pid: number;
  userDataDir: string;
  url(payload?: Record<string, string | undefined> | [string, string][], folder?: string): string;
  /** The extension host's log: where an exception in the extension shows up. */
  extHostLog(): string;
  /** code-server's own stdout/stderr. */
  log(): string;
  stop(): Promise<void>;
}

interface CodeServerModule {
  startCodeServer(o: {
    workspace: string;
    extensionsDir?: string;
    env?: Record<string, string>;
    settings?: Record<string, unknown>;
  }): Promise<CodeServer>;
  installExtension(o: { vsix: string; extensionsDir: string }): Promise<string>;
  launchChromium(): Promise<Browser>;
  workbenchUrl(o: { port: number; folder?: string; payload?: Record<string, string | undefined> | [string, string][] }): string;
  extHostLog(userDataDir: string): string;
  resetUser(userDataDir: string, settings: Record<string, unknown>): void;
  BASE_SETTINGS: Record<string, unknown>;
}

/** What the runner's shared servers (one per lane) publish to the test processes. */
interface SharedWorkbench {
  lanes: Lane[];
}

interface Lane {
  port: number;
  pid: number;
  userDataDir: string;
  logFile: string;
  openRequests: string;
  /** A folder whose creation claims the lane; it holds the claiming process's pid. */
  lock: string;
  /** The lane window's workspace folder; each test's folder is made inside it. */
  workspace: string;
  /** The lane's Chromium, over the DevTools protocol. */
  cdp: string;
  /** What the lane's window was loaded with (LaneWindow), kept across the lane's test processes. */
  state: string;
  /** A line per window opened on the lane, for the runner's count (scripts/codeServer.mjs windowsReport). */
  windowsLog: string;
}

/** The lane's window as the last test left it. */
interface LaneWindow {
  url: string;
  /** The user settings it was loaded with, but the theme (a test may change that in the window). */
  settings: string;
  /** The workbench's layout when loaded (layoutOf): a test that changed it leaves a stale window. */
  layout: string;
  /** Why the next test must load the window afresh. */
  stale?: string;
}

let myLane: Lane | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The lane this test file's process holds until it exits: the first free one (mkdir is atomic),
 * or one whose holder died. The runner runs no more files at once than there are lanes.
 * Synchronous, so that a test's folder can be made in the lane before its window opens.
 */
function claimLane(shared: SharedWorkbench): Lane {
  if (myLane) return myLane;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    for (const lane of shared.lanes) {
      try {
        mkdirSync(lane.lock);
      } catch {
        const holder = Number(readFileSync(join(lane.lock, 'pid'), 'utf8').trim() || 0) || 0;
        if (holder === 0 || alive(holder)) continue;
        // Its holder is gone (killed): take it over.
      }
      writeFileSync(join(lane.lock, 'pid'), String(process.pid));
      process.on('exit', () => rmSync(lane.lock, { recursive: true, force: true }));
      return (myLane = lane);
    }
    if (Date.now() > deadline) throw new Error('no free e2e lane after 10 minutes');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
}

function sharedLane(): Lane | undefined {
  const shared = process.env.TRANSCRIPT_REVIEW_E2E_SHARED;
  return shared ? claimLane(JSON.parse(shared) as SharedWorkbench) : undefined;
}

/**
 * A fresh folder for a test's files (the caller removes it): inside the lane's workspace under
 * the tier, so that the lane's window can show it, else in the system's temporary folder.
 */
export function e2eTempDir(prefix: string): string {
  return mkdtempSync(join(sharedLane()?.workspace ?? tmpdir(), prefix));
}

interface ProvisionModule {
  provision(): Promise<string>;
}

// The launcher scripts are plain .mjs without type declarations; importing them through a
// computed URL keeps `tsc` from asking for some, and the shapes used are declared above.
function importScript<T>(name: string): Promise<T> {
  return import(pathToFileURL(join(repoRoot, 'scripts', name)).href) as Promise<T>;
}

export interface OpenWorkbenchOptions {
  /** Folder to open; the caller owns it (use a temporary copy: tests may write label files). */
  workspace: string;
  /** Absolute path the extension opens in its review editor once activated. */
  openFile?: string;
  /** e.g. 'Default Dark Modern', 'Default Light Modern', 'Default High Contrast'. */
  theme?: string;
  /** Extra environment for code-server, which reaches the extension host. */
  env?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** Extensions dir of the server (default: an empty throw-away one); see installVsix. */
  extensionsDir?: string;
  /**
   * Load the working tree as the extension under development (default). `false`: only what is
   * installed in `extensionsDir` runs, as for a user who installed the .vsix. A path: that folder
   * is the extension under development (e.g. a browser-only copy, see webExtension.test.ts).
   */
  developmentPath?: boolean | string;
  /**
   * A code-server of this workbench's own even when the tier shares one: for a test that kills
   * the server (a crash) or needs its own process environment.
   */
  ownServer?: boolean;
  /**
   * A window loaded afresh even where the lane's window could serve: for a test that checks what
   * a new window reads back from disk.
   */
  fresh?: boolean;
  /**
   * A window of the test's own, rooted at its folder, in a fresh browser context, even under the
   * tier: for a test that changes what a window remembers for its workspace (the view options,
   * such as blind mode), which the next test in the lane's window would otherwise inherit. Also
   * chosen for a folder with workspace settings (`.vscode/`, which only a window rooted there
   * reads), another extension under development, and a folder outside the lane.
   */
  ownWindow?: boolean;
}

export interface Workbench {
  page: Page;
  browser: Browser;
  server: CodeServer;
  /** Writes test-results/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** The frame (of any depth: a webview is an iframe in an iframe) that contains `selector`. */
  webviewFrame(selector: string, timeoutMs?: number): Promise<Frame>;
  /** Runs a command through the command palette by its title, e.g. 'View: Close All Editors'. */
  runCommand(title: string): Promise<void>;
  /**
   * Developer: Reload Window, resolved once the page has navigated: a frame looked up before that is
   * the old window's, whose DOM still shows what a test means to check was drawn again.
   */
  reloadWindow(): Promise<void>;
  /**
   * Preferences: Color Theme (`theme` as in `workbench.colorTheme`, e.g. 'Default High Contrast'),
   * picked as a user does; resolved once the workbench and every open webview show it.
   */
  setTheme(theme: string): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The color theme of VS Code in the browser when the user settings name none. */
const DEFAULT_THEME = 'Default Light Modern';

const DEFAULT_VIEWPORT = { width: 1600, height: 1000 };

// `npm test` provisions beforehand and says where; a test run on its own provisions here.
async function ensureCodeServer(): Promise<void> {
  if (!process.env.TRANSCRIPT_REVIEW_CODE_SERVER) await (await importScript<ProvisionModule>('provision.mjs')).provision();
}

/** Installs a .vsix into `extensionsDir` with code-server's `--install-extension`; returns its output. */
export async function installVsix(vsix: string, extensionsDir: string): Promise<string> {
  await ensureCodeServer();
  return (await importScript<CodeServerModule>('codeServer.mjs')).installExtension({ vsix, extensionsDir });
}

export async function openWorkbench(options: OpenWorkbenchOptions): Promise<Workbench> {
  const { developmentPath = true } = options;
  if (developmentPath === true && !existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  await ensureCodeServer();
  const cs = await importScript<CodeServerModule>('codeServer.mjs');
  const canShare = !options.ownServer && !options.extensionsDir && !options.env;
  const lane = canShare ? sharedLane() : undefined;
  return lane ? openOnShared(cs, lane, options) : openOnOwn(cs, options);
}

function settingsOf({ theme, settings = {} }: OpenWorkbenchOptions): Record<string, unknown> {
  return { ...(theme ? { 'workbench.colorTheme': theme } : {}), ...settings };
}

function developmentPayload({ developmentPath = true }: OpenWorkbenchOptions): Record<string, string> {
  const devPath = developmentPath === true ? repoRoot : developmentPath || undefined;
  return devPath ? { extensionDevelopmentPath: devPath } : {};
}

/** A code-server and a Chromium of this workbench's own, both stopped by close(). */
async function openOnOwn(cs: CodeServerModule, options: OpenWorkbenchOptions): Promise<Workbench> {
  const { workspace, openFile, env = {}, viewport = DEFAULT_VIEWPORT, extensionsDir } = options;
  const server = await cs.startCodeServer({
    workspace,
    extensionsDir,
    env: { ...(openFile ? { TRANSCRIPT_REVIEW_OPEN: openFile } : {}), ...env },
    settings: settingsOf(options),
  });
  let browser: Browser | undefined;
  try {
    browser = await cs.launchChromium();
    const page = await (await browser.newContext({ viewport })).newPage();
    await loadWorkbench(page, server.url(developmentPayload(options)));
    const b = browser;
    return makeWorkbench(page, browser, server, async () => {
      await b.close().catch(() => undefined);
      await server.stop();
    });
  } catch (e) {
    await browser?.close();
    await server.stop();
    throw e;
  }
}

/**
 * A window on the tier's shared code-server: the lane's window when the test's folder is inside
 * the lane's workspace (e2eTempDir), else, as for any folder elsewhere, a window of its own in a
 * fresh context of the lane's Chromium.
 */
async function openOnShared(cs: CodeServerModule, lane: Lane, options: OpenWorkbenchOptions): Promise<Workbench> {
  const server: CodeServer = {
    port: lane.port,
    pid: lane.pid,
    userDataDir: lane.userDataDir,
    url: (payload = [], folder = lane.workspace) => cs.workbenchUrl({ port: lane.port, folder, payload }),
    extHostLog: () => cs.extHostLog(lane.userDataDir),
    log: () => (existsSync(lane.logFile) ? readFileSync(lane.logFile, 'utf8') : ''),
    // The tier owns the server.
    stop: async () => undefined,
  };
  const browser = await laneBrowser(lane);
  const inLane = !relative(lane.workspace, resolve(options.workspace)).startsWith('..');
  const own = options.ownWindow || !inLane || (options.developmentPath ?? true) !== true || existsSync(join(options.workspace, '.vscode'));
  return own ? openOwnWindow(cs, lane, server, browser, options) : openLaneWindow(cs, lane, server, browser, options);
}

/** A window of the test's own on the lane's server, rooted at its folder, in a fresh browser context. */
async function openOwnWindow(cs: CodeServerModule, lane: Lane, server: CodeServer, browser: Browser, options: OpenWorkbenchOptions): Promise<Workbench> {
  const { workspace, openFile, viewport = DEFAULT_VIEWPORT } = options;
  // The user settings are the server's, and the lane's window read them when it loaded: they are
  // put back as this window found them when it closes.
  appendFileSync(lane.windowsLog, 'own\n');
  const settingsFile = userFile(lane, 'settings.json');
  const before = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
  const leaveSettings = () => {
    if (before !== undefined) writeFileSync(settingsFile, before);
  };
  cs.resetUser(lane.userDataDir, settingsOf(options));
  const request = join(lane.openRequests, openRequestName(resolve(workspace)));
  if (openFile) writeFileSync(request, openFile);
  else rmSync(request, { force: true });
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await loadWorkbench(page, server.url(developmentPayload(options), workspace));
    return makeWorkbench(page, browser, server, async () => {
      // Leaving the page lets the workbench say goodbye, so the server disposes of this window's
      // extension host now rather than keeping it for a reconnection that never comes.
      await page.goto('about:blank', { timeout: 10_000 }).catch(() => undefined);
      await context.close().catch(() => undefined);
      rmSync(request, { force: true });
      leaveSettings();
    });
  } catch (e) {
    await context.close().catch(() => undefined);
    rmSync(request, { force: true });
    leaveSettings();
    throw e;
  }
}


/**
 * The lane's window, as the last test left it when it can serve this one (same extension, same
 * settings but the theme, which is picked as a user does), else loaded afresh. Its file is asked
 * for through the window's open request, which the extension reads at start and watches after.
 */
async function openLaneWindow(cs: CodeServerModule, lane: Lane, server: CodeServer, browser: Browser, options: OpenWorkbenchOptions): Promise<Workbench> {
  const { openFile, viewport = DEFAULT_VIEWPORT } = options;
  const context = browser.contexts()[0];
  if (!context) throw new Error(`the lane's Chromium (${lane.cdp}) has no default context`);
  const page = context.pages().find((p) => !p.isClosed()) ?? (await context.newPage());
  await page.setViewportSize(viewport);
  const url = server.url(developmentPayload(options));
  const { colorTheme = DEFAULT_THEME, other } = splitTheme({ ...cs.BASE_SETTINGS, ...settingsOf(options) });
  const request = join(lane.openRequests, openRequestName(lane.workspace));
  const ask = () => (openFile ? writeFileSync(request, `${openFile}\n${randomUUID()}\n`) : rmSync(request, { force: true }));
  const wb = makeWorkbench(page, browser, server, () => leaveLaneWindow(lane, wb));
  const why = await loadReason(readLaneWindow(lane), page, { url, settings: other, fresh: options.fresh });
  appendFileSync(lane.windowsLog, `${why === undefined ? 'reused' : `loaded\t${why}`}\n`);
  if (why === undefined) {
    if (savedTheme(lane) !== colorTheme) await wb.setTheme(colorTheme);
    ask();
    return wb;
  }
  cs.resetUser(lane.userDataDir, settingsOf(options));
  // A fresh user's browser-side state: the workbench keeps its state (open editors, views, history)
  // in the origin's IndexedDB and local storage. Cleared while no page of the origin holds them.
  await page.goto('about:blank');
  ask();
  const session = await context.newCDPSession(page);
  try {
    await session.send('Storage.clearDataForOrigin', { origin: new URL(url).origin, storageTypes: 'indexeddb,local_storage,websql,file_systems' });
  } finally {
    await session.detach().catch(() => undefined);
  }
  await loadWorkbench(page, url);
  writeLaneWindow(lane, { url, settings: other, layout: await layoutOf(page) });
  return wb;
}

/** Why the lane's window cannot serve the next test as it is (then it is loaded), or undefined. */
async function loadReason(last: LaneWindow | undefined, page: Page, want: { url: string; settings: string; fresh?: boolean }): Promise<string | undefined> {
  if (!last) return "the lane's first window";
  if (want.fresh) return 'a fresh window asked for';
  if (last.stale) return last.stale;
  if (last.url !== want.url) return 'another extension or folder';
  if (last.settings !== want.settings) return 'other user settings';
  if (page.url() !== want.url || !(await workbenchShown(page))) return 'the window is gone';
  return undefined;
}

/**
 * Puts the lane's window back as a test found it: no editor, dialog or notification, the layout it
 * loaded with, no key bindings of the test's. What cannot be put back leaves it stale: the next
 * test loads it afresh.
 */
async function leaveLaneWindow(lane: Lane, wb: Workbench): Promise<void> {
  rmSync(join(lane.openRequests, openRequestName(lane.workspace)), { force: true });
  const { page } = wb;
  const loadedWith = readLaneWindow(lane);
  try {
    if (page.isClosed()) throw new Error('the page was closed');
    // A quick input, menu or hover the test left open.
    for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
    const changed = await viewOptionsChanged(page);
    if (changed.length) throw new Error(`the view options the window remembers for its workspace changed: ${changed.join(', ')}`);
    await closeEverything(wb);
    await wb.runCommand('Notifications: Clear All Notifications');
    await page.waitForSelector('.notifications-toasts .notification-toast', { state: 'detached', timeout: 10_000 });
    let now = await layoutOf(page);
    const loaded = loadedWith?.layout;
    // The panel a test opened (Problems, Output) is closed again, as a user would (Ctrl+J toggles it).
    if (now.includes('panel:shown') && loaded?.includes('panel:hidden')) {
      await page.keyboard.press('Control+J');
      await page.waitForSelector('.part.panel', { state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      now = await layoutOf(page);
    }
    if (now !== loaded) throw new Error(`the layout changed: ${loaded} → ${now}`);
    if (existsSync(userFile(lane, 'keybindings.json'))) throw new Error('the test wrote key bindings');
    if (splitTheme(savedSettings(lane)).other !== loadedWith?.settings) throw new Error('the test changed user settings');
  } catch (e) {
    markStale(lane, e instanceof Error ? e.message : String(e));
  }
}

/**
 * The view options (the review toolbar's toggles, by icon) that an open review editor shows other
 * than a fresh window's: the extension remembers them for the workspace, so the next test in this
 * window would inherit them (a test that changes one for good asks for `ownWindow`).
 */
async function viewOptionsChanged(page: Page): Promise<string[]> {
  const fresh: Record<string, boolean> = { markdown: false, diff: true, link: true, 'arrow-swap': false, 'eye-closed': false, organization: false };
  const shown = await Promise.all(
    page.frames().map((f) =>
      f
        .$$eval('vscode-toolbar-button[toggleable]', (els) => els.map((e) => [e.getAttribute('icon') ?? '', e.getAttribute('aria-pressed') === 'true'] as const))
        .catch(() => [] as (readonly [string, boolean])[]),
    ),
  );
  return [...new Set(shown.flat().filter(([icon, on]) => icon in fresh && fresh[icon] !== on).map(([icon, on]) => `${icon} ${on ? 'on' : 'off'}`))];
}

/** Closes every editor; throws when one stays (a dialog asked about it) or a webview is left. */
async function closeEverything(wb: Workbench): Promise<void> {
  const { page } = wb;
  await wb.runCommand('View: Close All Editors');
  await page.waitForSelector('.monaco-dialog-box', { state: 'detached', timeout: 2_000 }).catch(() => {
    throw new Error('a dialog is open');
  });
  const end = Date.now() + 15_000;
  while ((await page.$$('.editor-group-container .tab, iframe.webview')).length > 0) {
    if (Date.now() > end) throw new Error('an editor or a webview is still open after Close All Editors');
    await sleep(100);
  }
}

/** What a test can change in the workbench's layout and a reset would not put back. */
async function layoutOf(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = ['sidebar', 'panel', 'auxiliarybar'].map((p) => `${p}:${document.querySelector(`.part.${p}`)?.checkVisibility() ? 'shown' : 'hidden'}`);
    const active = document.querySelector('.part.activitybar .action-item.checked .action-label')?.getAttribute('aria-label') ?? 'none';
    return [...parts, `activity:${active}`].join(' ');
  });
}

async function workbenchShown(page: Page): Promise<boolean> {
  return page
    .evaluate(() => !!document.querySelector('.monaco-workbench'))
    .then(
      (shown) => shown,
      () => false,
    );
}

function readLaneWindow(lane: Lane): LaneWindow | undefined {
  try {
    return JSON.parse(readFileSync(lane.state, 'utf8')) as LaneWindow;
  } catch {
    return undefined;
  }
}

function writeLaneWindow(lane: Lane, state: LaneWindow): void {
  writeFileSync(lane.state, JSON.stringify(state));
}

function markStale(lane: Lane, why: string): void {
  const last = readLaneWindow(lane);
  if (last && !last.stale) writeLaneWindow(lane, { ...last, stale: why });
}

// A test that failed may have left the window in any state: the next one loads it afresh.
// (`passed` is Node's since 20.12; the types in use predate it.)
afterEach((t) => {
  if ((t as { passed?: boolean }).passed === false && myLane) markStale(myLane, `a test failed: ${t.name}`);
});

/** A file of the lane's server's user: its settings and key bindings are every window's. */
function userFile(lane: Lane, name: 'settings.json' | 'keybindings.json'): string {
  return join(lane.userDataDir, 'User', name);
}

function savedSettings(lane: Lane): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(userFile(lane, 'settings.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The theme in the user settings (the workbench removes the key for its default). */
function savedTheme(lane: Lane): string {
  const theme = savedSettings(lane)['workbench.colorTheme'];
  return typeof theme === 'string' ? theme : DEFAULT_THEME;
}

/** The settings but the theme (as a stable JSON text, to compare), and the theme. */
function splitTheme(settings: Record<string, unknown>): { colorTheme?: string; other: string } {
  const { 'workbench.colorTheme': colorTheme, ...rest } = settings;
  const other = JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
  return { colorTheme: typeof colorTheme === 'string' ? colorTheme : undefined, other };
}

let laneConnection: Promise<Browser> | undefined;

// The connection to the lane's browser ends after the file's last test: it would otherwise keep the
// test file's process alive, and the tier would wait on it for ever. Closing a browser connected
// over the DevTools protocol leaves the browser and its default context (the lane's window) open and
// closes the contexts this process made. (Registered at load, so on the file's root.)
after(async () => {
  const connected = laneConnection;
  laneConnection = undefined;
  await (await connected?.catch(() => undefined))?.close().catch(() => undefined);
});

function laneBrowser(lane: Lane): Promise<Browser> {
  laneConnection ??= chromium.connectOverCDP(lane.cdp);
  return laneConnection;
}

async function loadWorkbench(page: Page, url: string): Promise<void> {
  // Ready when the workbench is in the DOM (not when every image and font has loaded); on a busy
  // machine its 11 MB of script take long to parse, hence the generous wait.
  await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
}

function makeWorkbench(page: Page, browser: Browser, server: CodeServer, dispose: () => Promise<void>): Workbench {
  let closed = false;
  return {
    page,
    browser,
    server,

    async screenshot(name) {
      mkdirSync(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },

    // Generous by default: code-server's service worker delays a fresh webview by seconds
    // ("Found unexpected service worker controller"), so wait for content, not the frame.
    async webviewFrame(selector, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const frame of page.frames()) {
          try {
            if (await frame.$(selector)) return frame;
          } catch {
            /* the frame navigated or went away meanwhile */
          }
        }
        if (Date.now() > deadline) {
          throw new Error(
            `no frame contains ${selector} after ${timeoutMs / 1000} s; extension host log (tail):\n` +
              server.extHostLog().split('\n').slice(-40).join('\n'),
          );
        }
        await sleep(250);
      }
    },

    async runCommand(title) {
      const input = page.locator('.quick-input-widget input');
      // Right after start the palette may not list an extension's commands yet: retry a few times.
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        // F1 leaves '>' in the box: typing after it filters commands.
        await page.keyboard.type(title);
        // The list filters asynchronously; Enter before it settles would run the previous top match.
        const found = await page
          .waitForFunction(
            (t) => {
              const row = document.querySelector('.quick-input-list .monaco-list-row.focused');
              return !!row && (row.getAttribute('aria-label') ?? row.textContent ?? '').toLowerCase().includes(t.toLowerCase());
            },
            title,
            { timeout: 5_000 },
          )
          .then(() => true, () => false);
        if (found) break;
        await page.keyboard.press('Escape');
        if (attempt === 4) throw new Error(`the command palette has no command "${title}"`);
        await sleep(1500);
      }
      await page.keyboard.press('Enter');
    },

    async reloadWindow() {
      const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
      await this.runCommand('Developer: Reload Window');
      await navigated;
      await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    },

    async setTheme(theme) {
      const settings = join(server.userDataDir, 'User', 'settings.json');
      const saved = (): string | undefined | null => {
        try {
          return (JSON.parse(readFileSync(settings, 'utf8')) as Record<string, string | undefined>)['workbench.colorTheme'];
        } catch {
          return null; // being written
        }
      };
      // Ctrl+K Ctrl+T: in the command palette, typing "Preferences: Color Theme" ranks "Browse Color Themes…" first.
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+T');
      await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
      // Rows read "Light Modern, Default Light Modern". Typing the id filters the list, so that a row far
      // down is drawn; it focuses "Browse Additional Color Themes…", which previews nothing.
      await page.keyboard.type(theme);
      await page.click(`.quick-input-list .monaco-list-row[aria-label$=${JSON.stringify(`, ${theme}`)}]`, { timeout: 10_000 });
      await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 10_000 });
      // The workbench saves the theme only once it has recoloured itself (a preview is never saved), and
      // its default theme by removing the key. Webviews get their colours by message after that.
      await waitFor(`${theme} saved in the user settings`, () => {
        const now = saved();
        return now !== null && (now ?? DEFAULT_THEME) === theme;
      });
      const webviewThemes = async () =>
        (await Promise.all(page.frames().map((f) => f.evaluate(() => document.body?.dataset.vscodeThemeId).catch(() => undefined)))).filter((t) => t !== undefined);
      const end = Date.now() + 15_000;
      while ((await webviewThemes()).some((t) => t !== theme)) {
        if (Date.now() > end) throw new Error(`a webview still shows ${JSON.stringify(await webviewThemes())}, not ${theme}`);
        await sleep(100);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await dispose();
    },
  };
}
