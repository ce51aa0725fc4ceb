import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memorySource } from '../../src/core/input/byteSource';
import { Dataset, type ItemResult } from '../../src/core/input/dataset';
import type { FormatName } from '../../src/core/adapters/types';

export const fixtures = join(__dirname, '..', 'fixtures');

/** Every item result of a fixture file, read through the sequential path the CLI uses. */
export async function readAll(file: string, format?: FormatName): Promise<{ dataset: Dataset; results: ItemResult[] }> {
  const bytes = await readFile(join(fixtures, file));
  return readBytes(new Uint8Array(bytes), file, format);
}

export async function readBytes(bytes: Uint8Array, file = 'mem.jsonl', format?: FormatName): Promise<{ dataset: Dataset; results: ItemResult[] }> {
  const dataset = new Dataset(memorySource(bytes), file, { format });
  await dataset.build();
  const results: ItemResult[] = [];
  for await (const r of dataset.items()) results.push(r);
  return { dataset, results };
}

/** `LINE:COL message` of every diagnostic, for exact assertions. */
export function problems(results: readonly ItemResult[]): string[] {
  return results.flatMap((r) => r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity}: ${d.message}`));
}

/**
 * Node's arguments that start the CLI: the bundle the test runner built from the current sources
 * for this run (TRANSCRIPT_REVIEW_TEST_CLI, see scripts/test.mjs), else the sources under tsx
 * (a test file run on its own). The bundle starts in a fraction of tsx's time and CPU.
 */
export function cliArgv(): string[] {
  const bundle = process.env.TRANSCRIPT_REVIEW_TEST_CLI;
  if (bundle && existsSync(bundle)) return [bundle];
  return ['--import', 'tsx', join(__dirname, '..', '..', 'src/cli/main.ts')];
}

/** Runs the CLI (built from the current sources, see `cliArgv`), as `transcript-review ARGS`, from the repository root. */
export function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const repoRoot = join(__dirname, '..', '..');
  return new Promise((done) => {
    const child = spawn(process.execPath, [...cliArgv(), ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Runs `f` and returns its result with the CPU time the process spent on it (user + system), in
 * ms. Complexity guards use CPU, not wall time: a loaded machine stretches the wall clock, not the
 * work done, so the guard fails on a quadratic path and never on a busy machine.
 */
export function cpuTimed<T>(f: () => T): [T, number] {
  const before = process.cpuUsage();
  const result = f();
  const used = process.cpuUsage(before);
  return [result, (used.user + used.system) / 1000];
}
