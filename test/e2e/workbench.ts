// Harness for end-to-end tests: a code-server (VS Code 1.100.3) with this extension loaded
// from the working tree, and a headless Chromium page on its workbench.
// See /work/shared/TESTING-VSCODE.md. Build first (`npm run build`; `npm test e2e` does it).
//
//   const wb = await openWorkbench({ workspace, openFile: join(workspace, 'x.jsonl'), theme: 'Default Light Modern' });
//   try { const frame = await wb.webviewFrame('.some-item'); await wb.screenshot('x'); } finally { await wb.close(); }
//
// Under `npm test` the tier starts code-servers for all test files (one per lane,
// TRANSCRIPT_REVIEW_E2E_SHARED, see scripts/codeServer.mjs startSharedWorkbench) and each test
// file's process launches one Chromium; each workbench then opens in a fresh browser context on
// its own workspace, with fresh user settings and key bindings and its own extension host. Options a shared server cannot honour (env, extensionsDir,
// ownServer) start a server of the test's own, as does a test file run without the runner.
import { after } from 'node:test';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
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
 */
async function claimLane(shared: SharedWorkbench): Promise<Lane> {
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
    await sleep(500);
  }
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
  const shared = process.env.TRANSCRIPT_REVIEW_E2E_SHARED;
  const canShare = !options.ownServer && !options.extensionsDir && !options.env;
  if (!shared || !canShare) return openOnOwn(cs, options);
  return openOnShared(cs, await claimLane(JSON.parse(shared) as SharedWorkbench), options);
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
  const { workspace, openFile, env = {}, viewport = { width: 1600, height: 1000 }, extensionsDir } = options;
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
 * A window on the tier's shared code-server, in a fresh context of the shared Chromium. The
 * server's user settings and key bindings are reset first (tests run one at a time), and the
 * file to open is asked for through the server's open-request folder, keyed by the workspace.
 */
async function openOnShared(cs: CodeServerModule, shared: Lane, options: OpenWorkbenchOptions): Promise<Workbench> {
  const { workspace, openFile, viewport = { width: 1600, height: 1000 } } = options;
  cs.resetUser(shared.userDataDir, settingsOf(options));
  const request = join(shared.openRequests, openRequestName(resolve(workspace)));
  if (openFile) writeFileSync(request, openFile);
  else rmSync(request, { force: true });
  const server: CodeServer = {
    port: shared.port,
    pid: shared.pid,
    userDataDir: shared.userDataDir,
    url: (payload = [], folder = workspace) => cs.workbenchUrl({ port: shared.port, folder, payload }),
    extHostLog: () => cs.extHostLog(shared.userDataDir),
    log: () => (existsSync(shared.logFile) ? readFileSync(shared.logFile, 'utf8') : ''),
    // The tier owns the server.
    stop: async () => undefined,
  };
  // The browser of this test file's process (launched once, closed after the file's last test): keys reach
  // the page straight through its pipe, as with a browser of the test's own, never through a
  // second process whose latency would change how the key gate sees typing speed.
  const browser = await fileBrowser(cs);
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await loadWorkbench(page, server.url(developmentPayload(options)));
    return makeWorkbench(page, browser, server, async () => {
      // Leaving the page lets the workbench say goodbye, so the server disposes of this window's
      // extension host now rather than keeping it for a reconnection that never comes.
      await page.goto('about:blank', { timeout: 10_000 }).catch(() => undefined);
      await context.close().catch(() => undefined);
      rmSync(request, { force: true });
    });
  } catch (e) {
    await context.close().catch(() => undefined);
    rmSync(request, { force: true });
    throw e;
  }
}

let fileBrowserLaunch: Promise<Browser> | undefined;

// The file's browser closes after its last test: its pipe would otherwise keep the test file's
// process alive, and the tier would wait on it for ever. (Registered at load, so on the file's root.)
after(async () => {
  const launched = fileBrowserLaunch;
  fileBrowserLaunch = undefined;
  await (await launched?.catch(() => undefined))?.close().catch(() => undefined);
});

function fileBrowser(cs: CodeServerModule): Promise<Browser> {
  fileBrowserLaunch ??= cs.launchChromium();
  return fileBrowserLaunch;
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
