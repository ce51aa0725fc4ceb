// Per-file timing of a node:test run.
//
// node:test runs every test file in its own process. Loaded into each of them with
// `--import ./scripts/testTiming.mjs` (the runner does this for the unit and e2e tiers), this module writes,
// when the file's process exits, its wall time and CPU time into TRANSCRIPT_REVIEW_TEST_TIMING
// (a folder). The CPU time counts the file's own process and every child process it waited for
// (CLI runs, workers' processes), so it stays comparable when the machine is busy while the wall
// time does not. `timingTable` reads the folder back for the runner's table.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Where the runner writes the unit test files' bundles (scripts/test.mjs), relative to the repository. */
export const unitBundleDir = 'dist-test/unit';

/** A test file's path relative to the repository, the bundle of a unit test file named by its source. */
function shownPath(root, file) {
  const rel = relative(root, file);
  const name = rel.startsWith(`${unitBundleDir}/`) && /\.test\.js$/.test(rel) ? rel.slice(unitBundleDir.length + 1).replace(/\.js$/, '.ts') : undefined;
  return name ? `test/unit/${name}` : rel;
}

const dir = process.env.TRANSCRIPT_REVIEW_TEST_TIMING;
const file = process.argv[1];
// Only in a test file's own process: not in the node:test parent, nor in children that tests spawn.
if (dir && file && /\.test\.[cm]?[jt]s$/.test(file) && !process.execArgv.includes('--test')) {
  process.on('exit', () => {
    const self = process.cpuUsage();
    const children = childrenCpuMs();
    const record = {
      file,
      wallMs: process.uptime() * 1000,
      cpuMs: (self.user + self.system) / 1000 + (children ?? 0),
      childrenCpuMs: children,
    };
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(record));
    } catch {
      // Timing is a report, never a reason for a test file to fail.
    }
  });
}

/** CPU time of the waited-for child processes (Linux's /proc/self/stat cutime + cstime), or undefined. */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime) in clock ticks, 100 a second on Linux.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * The table of the slowest files, slowest wall time first, as lines of text.
 * @param {string} timingDir the folder the test files wrote into
 * @param {string} root paths are shown relative to it
 * @param {number} top how many rows (all when the run has fewer files)
 */
export function timingTable(timingDir, root, top = 15) {
  let records = [];
  try {
    records = readdirSync(timingDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(timingDir, f), 'utf8')));
  } catch {
    return [];
  }
  if (records.length === 0) return [];
  records.sort((a, b) => b.wallMs - a.wallMs);
  const s = (ms) => (ms === undefined ? '' : (ms / 1000).toFixed(1));
  const totalWall = records.reduce((t, r) => t + r.wallMs, 0);
  const totalCpu = records.reduce((t, r) => t + r.cpuMs, 0);
  const rows = records.slice(0, top).map((r) => [shownPath(root, r.file), s(r.wallMs), s(r.cpuMs), s(r.childrenCpuMs)]);
  rows.push([`all ${records.length} files (sum)`, s(totalWall), s(totalCpu), '']);
  const head = ['file', 'wall s', 'cpu s', 'of it child cpu s'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [`slowest ${Math.min(top, records.length)} of ${records.length} files:`, line(head), ...rows.map(line)];
}

/** Each file's wall time in ms, by its path relative to `root` (a unit test's bundle by its source). */
export function timingRecords(timingDir, root) {
  try {
    return Object.fromEntries(
      readdirSync(timingDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(timingDir, f), 'utf8')))
        .map((r) => [shownPath(root, r.file), Math.round(r.wallMs)]),
    );
  } catch {
    return {};
  }
}
