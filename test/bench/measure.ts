import { spawn } from 'node:child_process';
import { join } from 'node:path';

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** CPU time of this process (every thread, worker threads included) since `from`, in ms. */
export function cpuMs(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Runs `workers/NAME.ts` in a fresh Node process, so each measure has its own heap and its own
 * peak RSS, and resolves to the JSON object it prints last.
 */
export function runWorker<T>(name: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'workers', `${name}.ts`), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`worker ${name} exited ${code} without a result: ${out.slice(-500)}`));
      }
    });
  });
}

/** Prints a worker's result as its last stdout line. */
export function report(result: object): void {
  process.stdout.write(JSON.stringify(result) + '\n');
}
