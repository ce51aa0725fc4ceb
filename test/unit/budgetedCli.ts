import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliArgv } from './helpers';

const repoRoot = join(__dirname, '..', '..');

/** The heap the CLI gets in these runs, as `--max-old-space-size`. */
export const heapCapMb = 512;
/** CPU seconds one hostile case may take beyond the CLI's own start-up (measured on a tiny input in the same run). */
export const cpuBudgetMs = 5000;
/** Peak RSS one case may reach (the heap cap, plus buffers outside the heap). */
export const rssBudgetMb = 800;
/**
 * A run that has used this much CPU is killed: it has failed its budget by far (before the fixes,
 * these cases ran for minutes). CPU, not wall time, so that a loaded machine cannot fail a case
 * that keeps its budget; the wall-clock cap only stops a run that hangs without computing.
 */
const killAfterCpuMs = 30_000;
const hangAfterMs = 600_000;
const clockTicksPerMs = 100 / 1000; // USER_HZ is 100 on Linux

export interface BudgetedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** CPU time and peak RSS of the CLI process (absent when it died without exiting: OOM, a kill). */
  usage?: { cpuMs: number; maxRssKb: number };
  killed: boolean;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Standard input: bytes, or a writer that feeds it until the run ends. */
  stdin?: string | ((stream: NodeJS.WritableStream) => void);
  /** `ulimit -n` for the run. */
  maxFiles?: number;
  /** Called with the child once it runs (to signal it). */
  started?: (pid: number) => void;
}

/** Node's arguments that preload the exit figures (exitUsage.mjs) into a run of the CLI (`cliArgv`). */
export function usageArgv(): string[] {
  return ['--import', pathToFileURL(join(__dirname, 'exitUsage.mjs')).href, ...cliArgv()];
}

/** Runs the CLI (the runner's bundle, else the sources) under the heap cap, measuring its CPU time and peak RSS. */
export function budgetedCli(args: readonly string[], options: RunOptions = {}): Promise<BudgetedRun> {
  const node = [`--max-old-space-size=${heapCapMb}`, ...usageArgv(), ...args];
  const quoted = [process.execPath, ...node].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const [cmd, argv] = options.maxFiles ? ['/bin/sh', ['-c', `ulimit -n ${options.maxFiles} && exec ${quoted}`]] : [process.execPath, node];
  return new Promise((done) => {
    const child = spawn(cmd as string, argv as string[], { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let usage = '';
    let killed = false;
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (usage += d.toString()));
    child.stdin!.on('error', () => undefined);
    if (typeof options.stdin === 'function') options.stdin(child.stdin!);
    else child.stdin!.end(options.stdin ?? '');
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    const hang = setTimeout(kill, hangAfterMs);
    const watch = setInterval(() => {
      if (child.pid !== undefined && (cpuMsOf(child.pid) ?? 0) > killAfterCpuMs) kill();
    }, 250);
    if (child.pid) options.started?.(child.pid);
    child.on('close', (code, signal) => {
      clearTimeout(hang);
      clearInterval(watch);
      done({ code, signal, stdout, stderr, killed, usage: usage ? (JSON.parse(usage) as BudgetedRun['usage']) : undefined });
    });
  });
}

/** Why a run broke its budget, or undefined when it kept it: exited by itself, CPU under `baselineMs + cpuBudgetMs`, RSS under the budget. */
export function overBudget(r: BudgetedRun, baselineMs: number, budgetMs = cpuBudgetMs): string | undefined {
  if (r.killed) return `still running after ${killAfterCpuMs / 1000} s of CPU or ${hangAfterMs / 1000} s in all (killed)`;
  if (!r.usage) return `died without exiting (${r.signal ?? `exit ${r.code}`}): ${r.stderr.slice(-300)}`;
  if (r.usage.cpuMs > baselineMs + budgetMs) return `${Math.round(r.usage.cpuMs)} ms of CPU, over ${Math.round(baselineMs)} ms start-up + ${budgetMs} ms`;
  if (r.usage.maxRssKb > rssBudgetMb * 1024) return `peak RSS ${Math.round(r.usage.maxRssKb / 1024)} MB, over ${rssBudgetMb} MB`;
  return undefined;
}

/** CPU time (user + system) a running process has used so far, from /proc; undefined once it is gone. */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicksPerMs;
  } catch {
    return undefined;
  }
}
