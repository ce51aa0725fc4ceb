// npm run test:desktop — the integration suite in desktop VS Code (Electron) via
// @vscode/test-electron, for machines that can download VS Code. Same suite and result file
// as `npm test integration`, which runs it in code-server instead; only the launcher differs.
//
// VSCODE_VERSION=1.100.3 npm run test:desktop   (default: stable)
// On Linux without a display: xvfb-run -a npm run test:desktop
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { repoRoot, toolCacheDir } from './provision.mjs';

const version = process.env.VSCODE_VERSION ?? 'stable';

if (spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) {
  console.error('build failed');
  process.exit(1);
}

// Downloading separately tells "cannot get VS Code" apart from "tests failed".
let vscodeExecutablePath;
try {
  // Not test-electron's default .vscode-test/ in the repo: VS Code would take its built-in
  // themes for the developed extension's own (see toolCacheDir in provision.mjs).
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: join(toolCacheDir, 'vscode-desktop'), timeout: 30_000 });
} catch (e) {
  console.error(
    `\nCould not download VS Code (${version}) from Microsoft's servers: ${e instanceof Error ? e.message : e}\n` +
      'This launcher needs that download. Without internet access run the same suite in code-server:\n' +
      '  npm test integration',
  );
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'transcript-review-desktop-'));
const workspace = join(tmp, 'workspace');
const resultFile = join(tmp, 'result.json');
if (existsSync(join(repoRoot, 'samples'))) cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });
else mkdirSync(workspace);

let exitCode = 1;
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'dist-test', 'integration', 'index.js'),
    extensionTestsEnv: { TRANSCRIPT_REVIEW_TEST_RESULT: resultFile },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  // run() rejects when tests fail; the result file has the details.
  if (!existsSync(resultFile)) console.error(`VS Code did not run the suite: ${e instanceof Error ? e.message : e}`);
}

if (existsSync(resultFile)) {
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  for (const title of result.passes ?? []) console.log(`  ✔ ${title}`);
  for (const f of result.failures) console.log(`\n  ✖ ${f.title}\n${f.error.replace(/^/gm, '      ')}`);
  console.log(`\nintegration (desktop VS Code ${version}): ${result.passed} passed, ${result.failed} failed`);
  exitCode = result.failed > 0 ? 1 : 0;
}
rmSync(tmp, { recursive: true, force: true });
process.exit(exitCode);
