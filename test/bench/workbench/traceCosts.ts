import { median } from '../measure';

/** One complete event of a Chromium trace (the fields read here). */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { type?: string }; elementCount?: number };
}

const stages: Record<string, string> = { UpdateLayoutTree: 'style', Layout: 'layout', PrePaint: 'prePaint', Paint: 'paint', Layerize: 'layerize' };

/**
 * Per `j` keydown of a trace (`--trace`), the rendering work on the thread that handled it in the
 * 60 ms after: style, layout, pre-paint, paint and layerize (ms), and the elements styled; medians
 * over the keys. Tracing adds to each; read against a trace of another build, not as absolutes.
 */
export function keyCosts(trace: string): Record<string, number> & { keys: number } {
  const parsed = JSON.parse(trace) as TraceEvent[] | { traceEvents: TraceEvent[] };
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const keys = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  // The rendering stages once, not the whole trace once per key.
  const staged = events.filter((e) => e.ph === 'X' && stages[e.name]);
  const per = keys.map((k) => {
    const sums: Record<string, number> = { style: 0, layout: 0, prePaint: 0, paint: 0, layerize: 0, elementsStyled: 0 };
    for (const e of staged) {
      const stage = stages[e.name]!;
      if (e.pid !== k.pid || e.tid !== k.tid || e.ts < k.ts || e.ts > k.ts + 60_000) continue;
      sums[stage]! += (e.dur ?? 0) / 1000;
      if (stage === 'style') sums.elementsStyled! += e.args?.elementCount ?? 0;
    }
    return sums;
  });
  const names = ['style', 'layout', 'prePaint', 'paint', 'layerize', 'elementsStyled'];
  return Object.assign(Object.fromEntries(names.map((n) => [n, Math.round(median(per.map((p) => p[n]!)) * 10) / 10])), { keys: keys.length });
}
