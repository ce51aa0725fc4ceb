// node:test over the files named on the command line, in THAT order (the `--test` CLI sorts
// them by name), `TRANSCRIPT_REVIEW_TEST_CONCURRENCY` at a time, reported like `--test`'s spec
// reporter. The runner (scripts/test.mjs) starts the slowest files first, so that they overlap
// the many quick ones instead of running alone at the end. Flags such as `--import tsx` given
// to this process reach each test file's process.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { resolve } from 'node:path';
import { setMaxListeners } from 'node:events';

const files = process.argv.slice(2).map((f) => resolve(f));
const concurrency = Math.max(1, Number(process.env.TRANSCRIPT_REVIEW_TEST_CONCURRENCY) || 1);
// Stopped (Ctrl+C, or the runner stopped), the test files' processes stop too.
const abort = new AbortController();
// node:test listens on the signal once per file: more than ten files is not a leak.
setMaxListeners(files.length + 10, abort.signal);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    abort.abort();
    process.exitCode = 1;
    setTimeout(() => process.exit(), 2000).unref();
  });
}
// A test file that hangs (a failed hook left a handle open) fails after this instead of holding
// the tier, and CI, until it is killed; the slowest files take under two minutes.
const FILE_TIMEOUT_MS = 10 * 60_000;
const stream = run({ files, concurrency, signal: abort.signal, timeout: FILE_TIMEOUT_MS });
stream.on('test:fail', () => (process.exitCode = 1));
stream.compose(spec).pipe(process.stdout);
