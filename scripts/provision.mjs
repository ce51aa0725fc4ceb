// Provisions everything the integration and e2e tiers need, offline except for the npm
// registry and Debian's packages: a few Debian packages, and code-server (a complete
// VS Code server + workbench) installed by hand because its own postinstall cannot run
// here. See /work/shared/TESTING-VSCODE.md. Idempotent: a marker records a finished install.
//
//   node scripts/provision.mjs        (or: npm run provision)
//   import { provision } from './provision.mjs'; const dir = await provision();
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Per-run and `npm start` state (git-ignored). */
export const cacheDir = join(repoRoot, '.vscode-test');
/**
 * The code-server install lives OUTSIDE the repo on purpose: VS Code takes every theme found
 * under the extensionDevelopmentPath to be the developed extension's own and forces it, so
 * with code-server's built-in themes inside the repo `workbench.colorTheme` is ignored (you get
 * Default Light+) and the file icon theme changes too. Shared by all clones of the repo.
 */
export const toolCacheDir = resolve(
  process.env.TRANSCRIPT_REVIEW_TOOL_CACHE ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'transcript-review'),
);
const installRoot = join(toolCacheDir, `code-server-${CODE_SERVER_VERSION}`);
/** The code-server package directory (contains out/node/entry.js and lib/vscode). */
export const codeServerDir = join(installRoot, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
const marker = join(installRoot, '.provisioned');

const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep', 'python3-sklearn'];

// `npm run` exports its own project's location; a nested npm would then install into the
// repo instead of the cache folder.
function childEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const k of Object.keys(env)) {
    if (k === 'npm_config_local_prefix' || k === 'INIT_CWD' || k.startsWith('npm_package_') || k.startsWith('npm_lifecycle_')) delete env[k];
  }
  return env;
}

function run(cmd, args, { cwd, env } = {}) {
  const r = spawnSync(cmd, args, { cwd, env: childEnv(env), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) {
    // Quiet on success (npm is chatty); everything on failure.
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`provision: \`${cmd} ${args.join(' ')}\` failed in ${cwd ?? process.cwd()} (${r.error?.message ?? `exit ${r.status}`})`);
  }
  return r.stdout;
}

function ok(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

async function step(label, fn) {
  const t0 = Date.now();
  process.stdout.write(`[provision] ${label} ...\n`);
  await fn();
  process.stdout.write(`[provision]   done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

function missingDebianPackages() {
  const present = {
    chromium: existsSync('/usr/bin/chromium'),
    'libkrb5-dev': ok('dpkg', ['-s', 'libkrb5-dev']),
    ripgrep: existsSync('/usr/bin/rg'),
    // Debian's interpreter explicitly: a pyenv/venv `python3` on PATH does not see dist-packages.
    'python3-sklearn': ok('/usr/bin/python3', ['-c', 'import sklearn']),
  };
  return APT_PACKAGES.filter((p) => !present[p]);
}

async function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const cmd = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`provision: missing Debian packages. Run:\n  sudo apt-get update && sudo ${cmd}`);
  }
  await step(`apt-get install ${missing.join(' ')}`, () => {
    run('apt-get', ['update'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    run('apt-get', ['install', '-y', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  });
}

/** `ln -sfn target path` */
function symlink(target, path) {
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

async function installCodeServer() {
  // Half-finished installs are thrown away rather than repaired.
  rmSync(installRoot, { recursive: true, force: true });
  mkdirSync(installRoot, { recursive: true });
  // Without a package.json here npm would walk up and install into the repo.
  writeFileSync(join(installRoot, 'package.json'), JSON.stringify({ private: true, name: 'code-server-cache' }) + '\n');
  const vscodeDir = join(codeServerDir, 'lib', 'vscode');

  // The package's postinstall refuses root and downloads ripgrep from GitHub: do its steps by hand.
  await step(`1/7 npm install code-server@${CODE_SERVER_VERSION}`, () =>
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: installRoot }),
  );
  await step('2/7 npm install lib/vscode (production deps, no scripts)', () =>
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: vscodeDir }),
  );
  await step('3/7 ripgrep from /usr/bin/rg', () => {
    // @vscode/ripgrep's postinstall skips its GitHub download when bin/ exists.
    const bin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(bin, { recursive: true });
    copyFileSync('/usr/bin/rg', join(bin, 'rg'));
  });
  await step('4/7 npm rebuild lib/vscode native modules (about a minute)', () =>
    // node-pty's install runs `npx node-gyp`, which would otherwise wait at a prompt.
    run('npm', ['rebuild'], { cwd: vscodeDir, env: { npm_config_yes: 'true' } }),
  );
  await step('5/7 symlinks (node_modules.asar, remote-cli, browser helper)', () => {
    symlink('node_modules', join(vscodeDir, 'node_modules.asar'));
    symlink('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    symlink('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  });
  await step('6/7 npm install lib/vscode/extensions (built-in extensions)', () =>
    run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], { cwd: join(vscodeDir, 'extensions') }),
  );
  await step('7/7 npm rebuild argon2', () => run('npm', ['rebuild', 'argon2'], { cwd: installRoot }));
  writeFileSync(marker, CODE_SERVER_VERSION + '\n');
}

/** Ensures Debian packages and code-server are present; returns the code-server package dir. */
export async function provision() {
  const rel = relative(repoRoot, toolCacheDir);
  if (!rel.startsWith('..') && !isAbsolute(rel)) {
    throw new Error(`provision: the tool cache ${toolCacheDir} must be outside the repo (see toolCacheDir in scripts/provision.mjs)`);
  }
  await ensureDebianPackages();
  const done = existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION;
  if (!done) {
    const t0 = Date.now();
    process.stdout.write(`[provision] installing code-server ${CODE_SERVER_VERSION} into ${installRoot}\n`);
    await installCodeServer();
    process.stdout.write(`[provision] code-server ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  return codeServerDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const dir = await provision();
    console.log(`[provision] ok: ${dir}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
