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
  /**
   * `performance.now()` once that frame's rendering is done on the page's thread (style, layout,
   * paint): a task posted from its animation frame runs after them. Set a moment after the mark.
   */
  paintedAt?: number;
}

/** When (`Date.now()`) a webview frame reached each step of its start, for the breakdown. */
export interface FrameTrace {
  /** The content frame's navigation began (its time origin). */
  created: number;
  /** Its page was written into it (the webview host's document.write). */
  written?: number;
  /** A script or stylesheet of the page fetched, by file name: responseEnd. */
  fetched: Record<string, number>;
  /** The first message of each type the page sent to the extension, and received from it. */
  sent: Record<string, number>;
  received: Record<string, number>;
}

/**
 * Installed in every frame before its document loads (page.addInitScript). The top page notes
 * when a command was run (Enter in the command palette, or Ctrl+Shift+V: Markdown: Open
 * Preview); a webview frame notes each review item, and the first top-level Markdown heading,
 * at the animation frame that draws it, and traces its start (FrameTrace).
 */
export function installPaintProbe(): void {
  const w = window as unknown as { __benchCommandAt?: number; __benchMarks?: PaintMark[]; __benchTrace?: FrameTrace };
  if (window === window.top) {
    const runs = (e: KeyboardEvent) => e.key === 'Enter' || (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'v');
    window.addEventListener('keydown', (e) => runs(e) && (w.__benchCommandAt = Date.now()), true);
    return;
  }
  const marks: PaintMark[] = (w.__benchMarks = []);
  const trace: FrameTrace = (w.__benchTrace = { created: performance.timeOrigin, fetched: {}, sent: {}, received: {} });
  let keyAt: number | undefined;
  let item: string | null = null;
  let heading = false;
  const drawn = (kind: PaintMark['kind'], id: string) => {
    const key = keyAt;
    keyAt = undefined;
    requestAnimationFrame(() => {
      const mark: PaintMark = { kind, id, at: Date.now(), frameAt: performance.now(), ...(key === undefined ? {} : { keyAt: key }) };
      marks.push(mark);
      const after = new MessageChannel();
      after.port1.onmessage = () => void (mark.paintedAt = performance.now());
      after.port2.postMessage(0);
    });
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
  const typeOf = (data: unknown) => {
    const t = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
    return typeof t === 'string' ? t : undefined;
  };
  const observer = new MutationObserver(check);
  const install = () => {
    window.addEventListener('keydown', (e) => e.key === 'j' && (keyAt = e.timeStamp), true);
    window.addEventListener(
      'message',
      (e) => {
        const t = typeOf(e.data);
        if (t && !(t in trace.received)) trace.received[t] = Date.now();
      },
      true,
    );
    observer.disconnect();
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-item'] });
    check();
  };
  install();
  // The page's messages to the extension go through its host frame's `__vscode_post_message__`
  // (VS Code's webview shim binds it when the page acquires the API, after this runs).
  try {
    const parent = window.parent as unknown as Record<string, unknown> & { __benchWrapped?: true };
    const post = parent.__vscode_post_message__;
    if (!parent.__benchWrapped && typeof post === 'function') {
      parent.__vscode_post_message__ = (channel: string, data: { message?: unknown } | undefined, ...rest: unknown[]) => {
        const t = channel === 'onmessage' ? typeOf(data?.message) : undefined;
        if (t && !(t in trace.sent)) trace.sent[t] = Date.now();
        return (post as (...a: unknown[]) => unknown).call(parent, channel, data, ...rest);
      };
      parent.__benchWrapped = true;
    }
  } catch {
    /* a cross-origin parent: no trace of what the page sends */
  }
  // A webview's content frame is written with document.open/write/close by its host frame, and
  // document.open erases this window's listeners (and the document's own properties): install
  // again before the page is parsed, from the prototype, which the open leaves alone.
  const write = Document.prototype.write;
  Document.prototype.write = function (this: Document, ...text: string[]) {
    trace.written ??= Date.now();
    install();
    write.apply(this, text);
  };
  const close = Document.prototype.close;
  Document.prototype.close = function (this: Document) {
    close.call(this);
    check();
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const name = e.name.split('?')[0]!.split('/').pop()!;
      trace.fetched[name] ??= performance.timeOrigin + (e as PerformanceResourceTiming).responseEnd;
    }
  }).observe({ type: 'resource', buffered: true });
}

/** The marks a frame has collected (none in frames without the probe). */
export function readMarks(): PaintMark[] {
  return (window as unknown as { __benchMarks?: PaintMark[] }).__benchMarks ?? [];
}

export function readTrace(): FrameTrace | undefined {
  return (window as unknown as { __benchTrace?: FrameTrace }).__benchTrace;
}

export function readCommandAt(): number | undefined {
  return (window as unknown as { __benchCommandAt?: number }).__benchCommandAt;
}

/**
 * The probe as a script for addInitScript / evaluate. tsx compiles with esbuild's keepNames, which
 * wraps inner functions in a `__name` helper the browser does not have: give it one.
 */
export const paintProbeScript = `(() => { const __name = (f) => f; (${installPaintProbe.toString()})(); })();`;
