/**
 * Synchronized scrolling: with both columns in one scroll, aligned turns line up when each row
 * is as tall as its taller side. Heights are set through CSSOM (allowed by the CSP).
 *
 * A cell with `data-span-rows="N"` stands for N rows of its column (the next N-1 are folded,
 * empty): an opened one-sided stretch, drawn on the other column as one compact note. Those N rows
 * are not aligned (each column keeps its own heights), so the shorter column shows no screen of
 * blank space: its next rows follow the note, above their partners on the other column (Collapse
 * puts them level again). Every other row is as tall as its taller side.
 */
export function alignRows(root: HTMLElement, enabled: boolean): void {
  const left = root.querySelectorAll<HTMLElement>('.side-left .turn');
  const right = root.querySelectorAll<HTMLElement>('.side-right .turn');
  for (const el of [...left, ...right]) el.style.minHeight = '';
  if (!enabled) return;
  const n = Math.min(left.length, right.length);
  // Measured first, set after: reading between writes would lay the page out once per row.
  const heights: number[] = [];
  for (let i = 0; i < n; i++) heights.push(Math.max(left[i]!.offsetHeight, right[i]!.offsetHeight));
  for (let i = 0; i < n; i++) {
    const [l, r] = [left[i]!, right[i]!];
    const span = Number(l.dataset.spanRows ?? r.dataset.spanRows ?? 0);
    if (span > 1) {
      i += span - 1;
      continue;
    }
    l.style.minHeight = `${heights[i]}px`;
    r.style.minHeight = `${heights[i]}px`;
  }
}
