/** A highlight over part of a text: a diff range or a labeled span. */
export interface Mark {
  start: number;
  end: number;
  kind: 'diff' | 'span' | 'bidi';
  /** For spans: the label id, trait index, whether it is another annotator's, and a tooltip. */
  id?: string;
  traitIndex?: number;
  other?: boolean;
  /** Another annotator's position (0–3), each drawn in its own line style. */
  annotatorIndex?: number;
  title?: string;
}

export interface Segment {
  start: number;
  end: number;
  marks: Mark[];
}

/**
 * Cuts [0, length) at every mark boundary; each piece lists the marks covering it, so
 * overlapping spans stay visible as stacked highlights. Pure, for unit tests.
 */
export function segment(length: number, marks: readonly Mark[]): Segment[] {
  const valid = marks.filter((m) => m.end > m.start && m.start < length).map((m) => ({ ...m, end: Math.min(m.end, length) }));
  if (!valid.length) return [{ start: 0, end: length, marks: [] }];
  const cuts = new Set<number>([0, length]);
  for (const m of valid) {
    cuts.add(Math.max(0, m.start));
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end <= start) continue;
    out.push({ start, end, marks: valid.filter((m) => m.start <= start && m.end >= end) });
  }
  return out;
}

/** Bidi controls (LRE…RLO, LRI…PDI, LRM/RLM/ALM) that can make text read differently than it is. */
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** One `bidi` mark per bidi control character, so the view can neutralise and show it. */
export function bidiMarks(text: string): Mark[] {
  const out: Mark[] = [];
  for (const m of text.matchAll(bidiControls)) out.push({ start: m.index, end: m.index + 1, kind: 'bidi', title: `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` });
  return out;
}
