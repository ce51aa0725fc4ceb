/**
 * Synchronized scrolling: with both columns in one scroll, aligned turns line up when each row
 * is as tall as its taller side. Heights are set through CSSOM (allowed by the CSP).
 */
export function alignRows(root: HTMLElement, enabled: boolean): void {
  const left = root.querySelectorAll<HTMLElement>('.side-left .turn');
  const right = root.querySelectorAll<HTMLElement>('.side-right .turn');
  for (const el of [...left, ...right]) el.style.minHeight = '';
  if (!enabled) return;
  const n = Math.min(left.length, right.length);
  const heights: number[] = [];
  for (let i = 0; i < n; i++) heights.push(Math.max(left[i]!.offsetHeight, right[i]!.offsetHeight));
  for (let i = 0; i < n; i++) {
    left[i]!.style.minHeight = `${heights[i]}px`;
    right[i]!.style.minHeight = `${heights[i]}px`;
  }
}
