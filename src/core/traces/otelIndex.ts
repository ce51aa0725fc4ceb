import type { Diagnostic } from '../diagnostic';
import { parseJsonLine, lineDiagnostic } from '../input/parseLine';
import { readRange } from './traceFiles';
import type { IndexedRun, TraceIndexer } from './traceIndex';
import { OtlpScanner, type SpanRef } from './otlpScan';
import { resourceAttrs, spanFrom, traceRun, type Attrs, type Span } from './otel';

const chunkBytes = 4 * 1024 * 1024;

/**
 * An OTLP file indexed by trace: its spans found by a scan of the bytes (`OtlpScanner`), grouped
 * by trace id in the order traces first appear. A trace is assembled when shown, from its spans'
 * byte ranges alone. With `key`, the attribute is looked for in the spans that hold its name.
 */
export const indexOtel: TraceIndexer = async (group, options) => {
  const file = group.main[0]!;
  const source = await file.open();
  try {
    const scanner = new OtlpScanner(file.name);
    // The next chunk is read while this one is scanned.
    const chunkAt = (at: number) => {
      const read = readRange(source, at, Math.min(chunkBytes, source.size - at));
      // Awaited in turn; a failure of one not yet awaited is not an unhandled rejection.
      read.catch(() => undefined);
      return read;
    };
    let ahead = source.size > 0 ? chunkAt(0) : undefined;
    for (let at = 0; ahead; at += chunkBytes) {
      const chunk = await ahead;
      ahead = at + chunkBytes < source.size ? chunkAt(at + chunkBytes) : undefined;
      scanner.push(chunk, at);
    }
    const scan = scanner.finish();
    const traces = new Map<string, SpanRef[]>();
    for (const s of scan.spans) {
      const list = traces.get(s.traceId);
      if (list) list.push(s);
      else traces.set(s.traceId, [s]);
    }
    const ids = [...traces.keys()];
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

    /** The resource of a span, parsed once per read. */
    const resourceOf = async (r: number, cache: Map<number, Attrs>): Promise<Attrs> => {
      if (r < 0) return {};
      let attrs = cache.get(r);
      if (!attrs) {
        const range = scan.resources[r]!;
        const parsed = parseJsonLine(await readRange(source, range.start, range.end - range.start));
        attrs = parsed.ok ? resourceAttrs(parsed.value) : {};
        cache.set(r, attrs);
      }
      return attrs;
    };

    const spansOf = async (refs: readonly SpanRef[], diagnostics: Diagnostic[]): Promise<Span[]> => {
      const resources = new Map<number, Attrs>();
      const out: Span[] = [];
      // A trace's spans usually sit together: one read for all of them when they are close.
      const from = refs.reduce((m, r) => Math.min(m, r.start), Infinity);
      const to = refs.reduce((m, r) => Math.max(m, r.end), 0);
      const own = refs.reduce((n, r) => n + r.end - r.start, 0);
      const block = to - from <= Math.max(4 * own, 64 * 1024) ? await readRange(source, from, to - from) : undefined;
      for (const ref of refs) {
        const where = `resourceSpans[${ref.path[0]}].scopeSpans[${ref.path[1]}].spans[${ref.path[2]}]`;
        const parsed = parseJsonLine(block ? block.subarray(ref.start - from, ref.end - from) : await readRange(source, ref.start, ref.end - ref.start));
        if (!parsed.ok) {
          // The parser's column counts from the span's `{`, not the line's start: left out.
          diagnostics.push(lineDiagnostic(file.name, ref.line, 0, 'error', `${where}: ${parsed.message.replace(/ at column \d+/, '')}`));
          continue;
        }
        const span = spanFrom(parsed.value, await resourceOf(ref.resource, resources), where, file.name, ref.line, diagnostics);
        if (span) out.push(span);
      }
      return out;
    };

    /** The task attribute of a trace: on a root span, else any span, else the first span's resource. */
    const keyOf = async (refs: readonly SpanRef[]): Promise<string | undefined> => {
      const key = options.key;
      if (!key) return undefined;
      const name = JSON.stringify(key);
      const own = new Set(refs.map((r) => r.spanId));
      const ordered = [...refs.filter((r) => !r.parentSpanId || !own.has(r.parentSpanId)), ...refs];
      for (const ref of ordered) {
        const bytes = await readRange(source, ref.start, ref.end - ref.start);
        if (!text(bytes).includes(name)) continue;
        const span = (await spansOf([ref], [])).find((s) => s.attrs[key] !== undefined);
        if (span) return String(span.attrs[key]);
      }
      const first = refs[0];
      const v = first ? (await resourceOf(first.resource, new Map()))[key] : undefined;
      return v === undefined ? undefined : String(v);
    };

    const runs: IndexedRun[] = [];
    for (const id of ids) {
      const task = await keyOf(traces.get(id)!);
      runs.push({ id, key: id, ...(task !== undefined ? { task } : {}) });
    }
    return {
      runs,
      diagnostics: scan.diagnostics,
      async read(k) {
        const id = ids[k]!;
        const diagnostics: Diagnostic[] = [];
        const spans = await spansOf(traces.get(id)!, diagnostics);
        if (!spans.length) return { diagnostics };
        return { run: traceRun(id, spans, options.key, file.name, diagnostics), diagnostics };
      },
      close: () => source.close(),
    };
  } catch (err) {
    await source.close();
    throw err;
  }
};
