import type { Diagnostic } from '../diagnostic';
import type { TraceRun } from './traceMessages';

/** A file's bytes and the name messages give it. */
export interface TraceFileBytes {
  name: string;
  bytes: Uint8Array;
}

/**
 * The files one trace is read from: `main` in order (a session; a trajectory and its
 * continuations) and `related` files it may point at (sub-agent sessions, a trial's result).
 */
export interface TraceGroupBytes {
  main: TraceFileBytes[];
  related: TraceFileBytes[];
}

export interface TraceReadOptions {
  /** OTel: the span (or resource) attribute naming the task runs are paired on. */
  key?: string;
}

/** The runs of one group (a file holds one session, or many traces), and what could not be read. */
export interface TraceRead {
  runs: TraceRun[];
  diagnostics: Diagnostic[];
}

export type TraceReader = (group: TraceGroupBytes, options: TraceReadOptions) => TraceRead;

/** The base name of a path, whichever separator it uses. */
export function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

/** The folder part of a path (without the trailing separator). */
export function dirName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i);
}
