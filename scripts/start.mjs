// npm start [-- --port 8123] [path/to/file.jsonl | folder]
//
// Builds, then runs VS Code (code-server, in the browser) with this extension loaded from the
// working tree and the file open in the review editor. Stays in the foreground; Ctrl+C stops
// code-server and everything it started.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { CODE_SERVER_VERSION, cacheDir, provision, repoRoot } from './provision.mjs';
import { startCodeServer, tail } from './codeServer.mjs';

function parseArgs(argv) {
  let port = 8123;
  let target;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') port = Number(argv[++i]);
    else if (a.startsWith('--port=')) port = Number(a.slice('--port='.length));
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else target = a;
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error('--port needs a port number');
  return { port, target };
}

function portFree(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`${e.message}\nusage: npm start [-- --port 8123] [path/to/file.jsonl | folder]`);
  process.exit(2);
}

// `npm start` runs in the package root; a relative path means the caller's directory.
const base = process.env.INIT_CWD ?? process.cwd();
let workspace = join(repoRoot, 'samples');
let openFile = join(workspace, 'trait-rl-sample.jsonl');
if (args.target) {
  const p = resolve(base, args.target);
  if (!existsSync(p)) {
    console.error(`no such file or folder: ${p}`);
    process.exit(2);
  }
  if (statSync(p).isDirectory()) {
    workspace = p;
    openFile = undefined;
  } else {
    workspace = dirname(p);
    openFile = p;
  }
} else if (!existsSync(openFile)) {
  console.warn(`(${openFile} does not exist yet: opening the samples folder only)`);
  openFile = undefined;
}

if (!(await portFree(args.port))) {
  console.error(`port ${args.port} is in use (another npm start?); pick one with: npm start -- --port N`);
  process.exit(1);
}

if (spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) {
  console.error('build failed');
  process.exit(1);
}
const codeServerDir = await provision();
const vscodeVersion = JSON.parse(readFileSync(join(codeServerDir, 'lib', 'vscode', 'package.json'), 'utf8')).version;

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // codeServer.mjs stops the server and exits on these; this only says so.
  process.on(sig, () => {
    stopping = true;
    console.log(`\n${sig}: stopping code-server ...`);
  });
}

const server = await startCodeServer({
  port: args.port,
  workspace,
  // Kept across runs: window layout, recently opened, the user's own settings.
  userDataDir: join(cacheDir, 'start-user-data'),
  extensionsDir: join(cacheDir, 'start-extensions'),
  env: openFile ? { TRANSCRIPT_REVIEW_OPEN: openFile } : {},
  // samples/ sits inside this repo: without this, Git asks about the parent repository.
  settings: { 'git.openRepositoryInParentFolders': 'never' },
});

const url = server.url({ extensionDevelopmentPath: repoRoot });
console.log(`
────────────────────────────────────────────────────────────────────────
 Transcript Review in VS Code ${vscodeVersion} (code-server ${CODE_SERVER_VERSION}), pid ${server.pid}
 workspace: ${workspace}${openFile ? `\n opens:     ${openFile}` : ''}
 log:       ${server.logFile}

 Open ${url}

 Ctrl+C to stop.
────────────────────────────────────────────────────────────────────────`);

const { code, signal } = await server.exited;
if (!stopping) {
  console.error(`code-server exited on its own (${signal ?? `code ${code}`}):\n${tail(server.log(), 40)}`);
  await server.stop();
  process.exit(1);
}
