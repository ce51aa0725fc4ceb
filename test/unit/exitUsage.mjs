// Preloaded into a CLI run by the hostile-input and shard-memory suites (`--import`): at exit, the
// process's CPU time and peak RSS go to file descriptor 3, where the test reads them. A process
// killed by the V8 heap limit never gets here, and the test sees no figures. Plain JavaScript, so
// that the bundled CLI runs without tsx (whose start-up costs a second of CPU a run).
import { writeSync } from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
  const u = process.resourceUsage();
  try {
    writeSync(3, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS }));
  } catch {
    // no descriptor 3: run by hand
  }
});
