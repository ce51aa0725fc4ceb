/**
 * Lets the extension host handle other work in the middle of a long scan. Node's setImmediate
 * runs right after pending I/O; a web worker has no setImmediate, and there a zero timeout.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * For a long loop on the extension host: call the returned function each step and await what it
 * returns when it returns something. It breathes once `sliceMs` of work have passed, so keys and
 * the webview's messages wait at most about a frame, however long each step takes (a count of
 * steps held the host for 50 ms at a time on large items).
 */
export function pacer(sliceMs = 8): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return breathe().then(() => {
      since = performance.now();
    });
  };
}
