import { z } from 'zod';
import type { Message, Metadata, ReviewItem } from '../schema';

/** Agent-trace formats: read per file (a session, a rollout, a trace export, a trajectory), not per line (see core/traces). */
export const traceFormatNames = ['claude-code', 'codex', 'otel', 'harbor'] as const;
export const formatNames = ['canonical', 'chat', 'sharegpt', 'flat', 'hh', 'trl', 'inspect', 'anthropic', 'responses', ...traceFormatNames] as const;
/** An adapter name, as given to `--format`, a manifest's `format` or a setting. */
export const formatSchema = z.enum(formatNames);
export type FormatName = z.infer<typeof formatSchema>;

/** One run's side of a conversation, read from a single-transcript record (chat, sharegpt, flat). */
export interface Transcript {
  /** The record's own id, when it has one. */
  id?: string;
  /** The model or generator the record names; '' when it names none. */
  model: string;
  /** The whole conversation, prompt included; pairing splits off the shared prefix. */
  messages: Message[];
  scores?: Record<string, number>;
  /** A grader's answer and explanation beside its score, by score name. */
  scoreNotes?: Record<string, string>;
  metadata: Metadata;
}

/** A converted record, or why not: `path` points at the offending field when one is to blame. */
export type Converted<T> = { ok: true; value: T } | { ok: false; message: string; path?: readonly PropertyKey[] };

/** Where a record came from; adapters name items without an id after their line. */
export interface RecordContext {
  line: number;
}

interface AdapterBase<N extends FormatName> {
  readonly name: N;
  /** One line for `--help`: the shape this adapter reads (docs/input-formats.md shows each). */
  readonly shape: string;
  /** A cheap structural guess used by detection; conversion still validates fully. */
  probe(record: Record<string, unknown>): boolean;
}

/** Records holding both sides of a comparison (canonical, hh, trl). */
export interface PairAdapter<N extends FormatName = FormatName> extends AdapterBase<N> {
  readonly kind: 'pair';
  toItem(record: unknown, context: RecordContext): Converted<ReviewItem>;
}

/** Records holding one run's transcript (chat, sharegpt, flat): one side of a pair of files. */
export interface SingleAdapter<N extends FormatName = FormatName> extends AdapterBase<N> {
  readonly kind: 'single';
  toTranscript(record: unknown): Converted<Transcript>;
}

export type Adapter = PairAdapter | SingleAdapter;
