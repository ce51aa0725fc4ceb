import { scaleLinear } from 'd3-scale';
import { clipLabel, el, percent, percentInterval, text } from '../svg';

export interface IntervalRow {
  label: string;
  value: number | null;
  interval: readonly [number, number] | null;
  /** Shown right of the row, e.g. "n = 12". */
  count: string;
  /** Colours the point: better / worse / unclear (a CSS class). */
  tone?: 'better' | 'worse' | 'unclear' | 'neutral';
}

/**
 * A forest plot: one row per group, its point estimate and 95 % interval on a 0–100 % axis,
 * with a dashed reference line (50 % for win rates). Counts are printed at the right of each row.
 */
export function intervalPlot(rows: readonly IntervalRow[], options: { title: string; reference?: number; domain?: [number, number] }): string {
  const rowHeight = 24;
  const margin = { top: 28, right: 150, bottom: 30, left: 170 };
  const width = 660;
  const height = margin.top + margin.bottom + rowHeight * Math.max(rows.length, 1);
  const x = scaleLinear()
    .domain(options.domain ?? [0, 1])
    .range([margin.left, width - margin.right]);
  const parts: string[] = [];
  for (const t of x.ticks(4)) {
    parts.push(el('line', { class: 'grid', x1: x(t), x2: x(t), y1: margin.top - 6, y2: height - margin.bottom }));
    parts.push(el('text', { class: 'tick', x: x(t), y: height - margin.bottom + 16, 'text-anchor': 'middle' }, text(percent(t))));
  }
  if (options.reference !== undefined) {
    parts.push(el('line', { class: 'reference', x1: x(options.reference), x2: x(options.reference), y1: margin.top - 6, y2: height - margin.bottom }));
  }
  rows.forEach((r, i) => {
    const y = margin.top + rowHeight * i + rowHeight / 2;
    const tip = `${r.label}: ${percent(r.value, 1)} (95 % interval ${percentInterval(r.interval)}), ${r.count}`;
    const row: string[] = [el('title', {}, text(tip))];
    row.push(el('text', { class: 'row-label', x: margin.left - 10, y: y + 4, 'text-anchor': 'end' }, text(clipLabel(r.label))));
    if (r.interval) row.push(el('line', { class: 'whisker', x1: x(r.interval[0]), x2: x(r.interval[1]), y1: y, y2: y }));
    if (r.value !== null) row.push(el('circle', { class: `point tone-${r.tone ?? 'neutral'}`, cx: x(r.value), cy: y, r: 5 }));
    row.push(el('text', { class: 'row-count', x: width - margin.right + 10, y: y + 4 }, text(`${percent(r.value)} · ${r.count}`)));
    parts.push(el('g', { class: 'row' }, ...row));
  });
  return el(
    'svg',
    { class: 'plot', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': options.title },
    el('title', {}, text(options.title)),
    ...parts,
  );
}
