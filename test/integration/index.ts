// Entry point of the integration suite inside a real extension host (code-server's, or
// desktop VS Code's under @vscode/test-electron). VS Code calls run(); the launcher learns
// the outcome only from the JSON file named by TRANSCRIPT_REVIEW_TEST_RESULT.
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

interface Failure {
  title: string;
  error: string;
}

interface Result {
  tier: 'integration';
  passed: number;
  failed: number;
  failures: Failure[];
  /** Titles of the passing tests, so the launcher can list what ran. */
  passes: string[];
}

function report(result: Result): void {
  const file = process.env.TRANSCRIPT_REVIEW_TEST_RESULT;
  console.log(`[integration] ${result.passed} passed, ${result.failed} failed`);
  if (!file) return;
  // Write then rename: the launcher polls for the file and must never read half of it.
  writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  renameSync(`${file}.tmp`, file);
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

export async function run(): Promise<void> {
  // Stacks name the (unminified) bundles, not the .ts files: the extension host installs its
  // own Error.prepareStackTrace, which bypasses Node's source-map support.
  const result: Result = { tier: 'integration', passed: 0, failed: 0, failures: [], passes: [] };
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false });
    // Each test file is its own bundle next to this one (see esbuild.mjs).
    for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) {
      mocha.addFile(join(__dirname, f));
    }
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (test) => {
        result.passed++;
        result.passes.push(test.fullTitle());
      });
      // Also fires for failing hooks, which then count as one failure.
      runner.on('fail', (test, err) => {
        result.failed++;
        result.failures.push({ title: test.fullTitle(), error: errorText(err) });
      });
    });
  } catch (err) {
    // A test file that throws while loading ends up here rather than in the runner.
    result.failed++;
    result.failures.push({ title: 'loading the integration suite', error: errorText(err) });
  }
  report(result);
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}
