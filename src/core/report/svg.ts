/**
 * Markup helpers for the report: everything that comes from the data (benchmark names,
 * annotators, traits) is untrusted text and goes through `escapeXml`. Plots are static SVG
 * strings styled by class names only, with no `style` attributes and no script, so the page
 * renders under a CSP with neither 'unsafe-inline' nor 'unsafe-eval'.
 */

import { escapeXml } from '../escapeXml';

export type Attrs = Record<string, string | number | undefined | false>;

/** `<tag a="…">children</tag>`; attributes that are undefined or false are left out. */
export function el(tag: string, attrs: Attrs, ...children: string[]): string {
  let open = `<${tag}`;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    open += ` ${k}="${escapeXml(typeof v === 'number' ? round(v) : v)}"`;
  }
  return children.length === 0 && tag !== 'svg' && tag !== 'text' ? `${open}/>` : `${open}>${children.join('')}</${tag}>`;
}

/** Text content, escaped. */
export function text(value: string): string {
  return escapeXml(value);
}

/** Coordinates to two decimals: sub-pixel precision, shorter files. */
function round(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export function percent(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)} %`;
}

export function fixed(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined ? '—' : x.toFixed(digits);
}

export function percentInterval(i: readonly [number, number] | null | undefined): string {
  return i ? `${percent(i[0])}–${percent(i[1])}` : '—';
}

export function fixedInterval(i: readonly [number, number] | null | undefined, digits = 3): string {
  return i ? `[${fixed(i[0], digits)}, ${fixed(i[1], digits)}]` : '—';
}

/** Shortens a label for a fixed-width axis; the full text stays in the row's tooltip. */
export function clipLabel(label: string, max = 24): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}
