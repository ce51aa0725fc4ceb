/**
 * Lets the extension host handle other work in the middle of a long scan. Node's setImmediate
 * runs right after pending I/O; a web worker has no setImmediate, and there a zero timeout.
 */
export function breathe(): Promise<void> {
  // eslint-disable-next-line no-restricted-globals -- feature-detected: absent in the browser
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
