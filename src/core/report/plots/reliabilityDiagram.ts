import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { ReliabilityBin } from '../../metrics/ece';
import { el, fixed, text } from '../svg';

/**
 * Reliability diagram over the equal-width bins: a bar per bin up to the share of ok labels, the
 * mean prediction → hit rate curve, and the diagonal of perfect calibration. Each bar carries
 * its count (printed above it, and in the tooltip).
 */
export function reliabilityDiagram(bins: readonly ReliabilityBin[], title: string): string {
  const size = 300;
  const margin = { top: 20, right: 16, bottom: 44, left: 48 };
  const width = size + margin.left + margin.right;
  const height = size + margin.top + margin.bottom;
  const x = scaleLinear().domain([0, 1]).range([margin.left, margin.left + size]);
  const y = scaleLinear().domain([0, 1]).range([margin.top + size, margin.top]);
  const parts: string[] = [];
  for (const t of x.ticks(5)) {
    parts.push(el('line', { class: 'grid', x1: x(t), x2: x(t), y1: y(0), y2: y(1) }));
    parts.push(el('line', { class: 'grid', x1: x(0), x2: x(1), y1: y(t), y2: y(t) }));
    parts.push(el('text', { class: 'tick', x: x(t), y: y(0) + 16, 'text-anchor': 'middle' }, fixed(t, 1)));
    parts.push(el('text', { class: 'tick', x: x(0) - 8, y: y(t) + 4, 'text-anchor': 'end' }, fixed(t, 1)));
  }
  parts.push(el('line', { class: 'reference', x1: x(0), y1: y(0), x2: x(1), y2: y(1) }));
  const filled = bins.filter((b) => b.count > 0);
  for (const b of filled) {
    const tip = `scores (${fixed(b.lower, 1)}, ${fixed(b.upper, 1)}]: ${b.count} labeled, mean score ${fixed(b.meanPredicted)}, ${fixed(b.fractionPositive)} judged ok`;
    parts.push(
      el(
        'g',
        { class: 'bin' },
        el('title', {}, text(tip)),
        el('rect', { class: 'bar', x: x(b.lower) + 1, width: x(b.upper) - x(b.lower) - 2, y: y(b.fractionPositive!), height: y(0) - y(b.fractionPositive!) }),
        el('text', { class: 'bar-count', x: (x(b.lower) + x(b.upper)) / 2, y: y(b.fractionPositive!) - 4, 'text-anchor': 'middle' }, String(b.count)),
      ),
    );
  }
  const path = line<ReliabilityBin>()
    .x((b) => x(b.meanPredicted!))
    .y((b) => y(b.fractionPositive!))(filled);
  if (path) parts.push(el('path', { class: 'curve', d: path }));
  for (const b of filled) parts.push(el('circle', { class: 'point tone-neutral', cx: x(b.meanPredicted!), cy: y(b.fractionPositive!), r: 3.5 }));
  parts.push(el('text', { class: 'axis-label', x: margin.left + size / 2, y: height - 8, 'text-anchor': 'middle' }, 'reward-model score (mean per bin)'));
  parts.push(el('text', { class: 'axis-label', x: 14, y: margin.top + size / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${margin.top + size / 2})` }, 'share judged ok by humans'));
  return el('svg', { class: 'plot', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title }, el('title', {}, text(title)), ...parts);
}
