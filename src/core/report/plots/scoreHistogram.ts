import { scaleLinear } from 'd3-scale';
import type { Histogram } from '../calibration';
import { el, fixed, text } from '../svg';

/** Scores by human label: per bin, a bar for items judged ok and one for violations, counts on top. */
export function scoreHistogram(h: Histogram, title: string): string {
  const plotWidth = 300;
  const plotHeight = 200;
  const margin = { top: 30, right: 16, bottom: 44, left: 40 };
  const width = plotWidth + margin.left + margin.right;
  const height = plotHeight + margin.top + margin.bottom;
  const bins = h.edges.length - 1;
  const parts: string[] = [];
  if (bins <= 0) return el('svg', { class: 'plot', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title }, el('title', {}, text(title)));
  const x = scaleLinear().domain([h.edges[0]!, h.edges[bins]!]).range([margin.left, margin.left + plotWidth]);
  const max = Math.max(1, ...h.ok, ...h.violation);
  const y = scaleLinear().domain([0, max]).nice().range([margin.top + plotHeight, margin.top]);
  for (const t of y.ticks(4)) {
    parts.push(el('line', { class: 'grid', x1: x.range()[0], x2: x.range()[1], y1: y(t), y2: y(t) }));
    parts.push(el('text', { class: 'tick', x: margin.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, String(t)));
  }
  for (let b = 0; b < bins; b++) {
    const x0 = x(h.edges[b]!);
    const x1 = x(h.edges[b + 1]!);
    const w = (x1 - x0 - 2) / 2;
    const bar = (count: number, cls: string, left: number, label: string) =>
      el(
        'g',
        { class: 'bin' },
        el('title', {}, text(`scores ${fixed(h.edges[b]!, 2)}–${fixed(h.edges[b + 1]!, 2)}: ${count} judged ${label}`)),
        el('rect', { class: `bar ${cls}`, x: left, width: w, y: y(count), height: y(0) - y(count) }),
        count > 0 ? el('text', { class: 'bar-count', x: left + w / 2, y: y(count) - 3, 'text-anchor': 'middle' }, String(count)) : '',
      );
    parts.push(bar(h.ok[b]!, 'tone-better', x0 + 1, 'ok'), bar(h.violation[b]!, 'tone-worse', x0 + 1 + w, 'violation'));
  }
  for (let b = 0; b <= bins; b += bins > 5 ? 2 : 1) {
    parts.push(el('text', { class: 'tick', x: x(h.edges[b]!), y: y(0) + 16, 'text-anchor': 'middle' }, fixed(h.edges[b]!, 2)));
  }
  parts.push(el('rect', { class: 'bar tone-better', x: margin.left, y: 8, width: 10, height: 10 }));
  parts.push(el('text', { class: 'legend', x: margin.left + 14, y: 17 }, 'ok'));
  parts.push(el('rect', { class: 'bar tone-worse', x: margin.left + 50, y: 8, width: 10, height: 10 }));
  parts.push(el('text', { class: 'legend', x: margin.left + 64, y: 17 }, 'violation'));
  parts.push(el('text', { class: 'axis-label', x: margin.left + plotWidth / 2, y: height - 8, 'text-anchor': 'middle' }, 'reward-model score'));
  return el('svg', { class: 'plot', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title }, el('title', {}, text(title)), ...parts);
}
