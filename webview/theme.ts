import type { Taxonomy } from '../src/core/taxonomy';

/**
 * Trait colours as classes (`ta-N` first span, `tb-N` second span) in a constructed stylesheet:
 * the CSP forbids inline styles, and CSSOM sheets are not inline styles.
 */
export function applyTraitColours(taxonomy: Taxonomy): void {
  const sheet = new CSSStyleSheet();
  const safe = (c: string) => (/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|rgba?\([\d\s.,%]+\))$/.test(c) ? c : '#888888');
  const rules = taxonomy.traits.flatMap((t, i) => [`.ta-${i} { --tc: ${safe(t.color)}; }`, `.tb-${i} { --tc2: ${safe(t.color)}; }`]);
  sheet.replaceSync(rules.join('\n') + '\n.ta-9 { --tc: #888888; } .tb-9 { --tc2: #888888; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((s) => !(s as CSSStyleSheet & { trColours?: true }).trColours), Object.assign(sheet, { trColours: true as const })];
}
