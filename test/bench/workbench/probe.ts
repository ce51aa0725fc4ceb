/**
 * In-page probes for the workbench bench. Each function is serialised by playwright and runs in
 * the browser, so it uses nothing from this module's scope.
 */

/** What a webview frame saw: an item or heading drawn, and the `j` that asked for it. */
export interface PaintMark {
  kind: 'review' | 'markdown';
  /** The review item id (`data-item`) or the heading text now drawn. */
  id: string;
  /** `Date.now()` at the first animation frame with it in the DOM: comparable across frames. */
  at: number;
  /** `performance.now()` of that frame, and of the last `j` keydown before it (same frame's clock). */
  frameAt: number;
  keyAt?: number;
}

/**
 * Installed in every frame before its document loads (page.addInitScript). The top page notes
 * when a command was run (Enter in the command palette, or Ctrl+Shift+V: Markdown: Open Preview); a webview frame notes each
 * review item, and the first top-level Markdown heading, at the animation frame that draws it.
 */
export function installPaintProbe(): void {
  const w = window as unknown as { __benchCommandAt?: number; __benchMarks?: PaintMark[] };
  if (window === window.top) {
    const runs = (e: KeyboardEvent) => e.key === 'Enter' || (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'v');
    window.addEventListener('keydown', (e) => runs(e) && (w.__benchCommandAt = Date.now()), true);
    return;
  }
  const marks: PaintMark[] = (w.__benchMarks = []);
  let keyAt: number | undefined;
  let item: string | null = null;
  let heading = false;
  const drawn = (kind: PaintMark['kind'], id: string) => {
    const key = keyAt;
    keyAt = undefined;
    requestAnimationFrame(() => marks.push({ kind, id, at: Date.now(), frameAt: performance.now(), ...(key === undefined ? {} : { keyAt: key }) }));
  };
    const check = () => {
    const shown = document.querySelector('[data-item]')?.getAttribute('data-item') ?? null;
    if (shown !== null && shown !== item) drawn('review', (item = shown));
    // The review editor's item heading is an <h1> too: only a page without items is the preview.
    if (!heading && shown === null) {
      const h = document.querySelector('h1');
      const text = h?.textContent?.trim() ?? '';
      if (text.startsWith('item-')) {
        heading = true;
        drawn('markdown', text);
      }
    }
  };
  const observer = new MutationObserver(check);
  const install = () => {
    window.addEventListener('keydown', (e) => e.key === 'j' && (keyAt = e.timeStamp), true);
    observer.disconnect();
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-item'] });
    check();
  };
  install();
  // A webview's content frame is written with document.open/write/close by its host frame, and
  // document.open erases this window's listeners (and the document's own properties): install
  // again once the page is written, from the prototype, which the open leaves alone.
  const close = Document.prototype.close;
  Document.prototype.close = function (this: Document) {
    close.call(this);
    install();
  };
}

/** The marks a frame has collected (none in frames without the probe). */
export function readMarks(): PaintMark[] {
  return (window as unknown as { __benchMarks?: PaintMark[] }).__benchMarks ?? [];
}

export function readCommandAt(): number | undefined {
  return (window as unknown as { __benchCommandAt?: number }).__benchCommandAt;
}

/**
 * The probe as a script for addInitScript / evaluate. tsx compiles with esbuild's keepNames, which
 * wraps inner functions in a `__name` helper the browser does not have: give it one.
 */
export const paintProbeScript = `(() => { const __name = (f) => f; (${installPaintProbe.toString()})(); })();`;
