import type { Report } from './report';
import { escapeXml as e } from '../escapeXml';
import { percent } from './svg';

const rate = (violations: number, steps: number) => (steps > 0 ? `${violations} / ${steps} (${percent(violations / steps, 1)})` : '—');

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** "Where in a trajectory violations occur": nothing when no item had step-level labels. */
export function trajectoryHtml(report: Report): string {
  const t = report.trajectory;
  if (!t) return '';
  const bins = Array.from({ length: t.bins }, (_, i) => `${Math.round((i / t.bins) * 100)}–${Math.round(((i + 1) / t.bins) * 100)} %`);
  return `<h2>Where in a trajectory violations occur</h2>
<p class="note">${t.items} item(s) with step verdicts or spans. A step is a message or one tool call; it counts as a violation of a trait when most of its annotators said so (a step verdict, or a span on the message). Cells: violating steps / steps there.</p>
<h3>By position in the trajectory</h3>
${t.byPosition.length ? table(['side', 'trait', ...bins], t.byPosition.map((p) => [e(p.side), e(p.trait), ...p.bins.map((b) => rate(b.violations, b.steps))])) : '<p class="note">No step judged a violation.</p>'}
<h3>By tool</h3>
${t.byTool.length ? table(['side', 'trait', 'tool', 'violating steps'], t.byTool.map((r) => [e(r.side), e(r.trait), e(r.tool), rate(r.violations, r.steps)])) : '<p class="note">No step judged a violation.</p>'}
<h3>First violating step (multi-turn sides)</h3>
${t.firstViolation.length ? table(['side', 'items', 'with a violation', 'median first step', 'first step: items'], t.firstViolation.map((f) => [`${e(f.side)}${f.persona ? ' (persona prompt)' : ''}`, String(f.items), String(f.withViolation), f.median === null ? '—' : String(f.median), f.first.map((x) => `${x.step}: ${x.items}`).join(', ') || '—'])) : '<p class="note">No multi-turn side.</p>'}`;
}
