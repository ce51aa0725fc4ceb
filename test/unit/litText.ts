import { hiddenSyntax } from '../../webview/sourceText';

/**
 * The text a lit template would draw, without a DOM: its static strings and values interleaved
 * (nested templates, arrays, `guard`), markup dropped. Attribute values and listeners are left
 * out with the tags they sit in, and hidden Markdown syntax with them, so what remains is what a
 * reader sees.
 */
export function litText(value: unknown): string {
  return markup(value)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What `hiddenSyntax(…)` returns is marked with this: source kept in the DOM but never drawn. */
const hiddenSyntaxMark = (hiddenSyntax('') as unknown as { _$litDirective$: unknown })._$litDirective$;

export function markup(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'symbol' || typeof v === 'function' || typeof v === 'boolean') return '';
  if (Array.isArray(v)) return v.map(markup).join('');
  if (typeof v === 'object') {
    const o = v as { strings?: readonly string[]; values?: readonly unknown[]; _$litDirective$?: unknown };
    if (o._$litDirective$ === hiddenSyntaxMark) return '';
    // A directive (`guard(deps, () => template)`): what its last argument draws.
    if (o._$litDirective$ && o.values) {
      const last = o.values.at(-1);
      return markup(typeof last === 'function' ? (last as () => unknown)() : last);
    }
    if (o.strings && o.values) return o.strings.map((s, i) => s + (i < o.values!.length ? markup(o.values![i]) : '')).join('');
  }
  return String(v);
}
