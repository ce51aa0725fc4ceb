/**
 * Work done a piece at a time while the page is idle. A page that is never idle still gets it
 * done: in the workbench the review's frame, on a busy machine, was seen never to get an idle
 * callback that had no timeout. Then one piece runs per `idleTimeoutMs`, as a task of its own, so
 * a key pressed meanwhile waits for one piece at most.
 */

/** How long a piece waits for an idle moment before it runs anyway. */
export const idleTimeoutMs = 30;

/** Leaves this much of an idle moment unused: the frame after it may need it. */
const spareMs = 2;

/**
 * Runs `piece` while idle until it returns false (nothing left). Idle moments run as many pieces
 * as fit; a callback that timed out runs one.
 */
export function whileIdle(piece: () => boolean): void {
  const step = (deadline: IdleDeadline): void => {
    let more = true;
    let one = deadline.didTimeout;
    while (more && (one || deadline.timeRemaining() > spareMs)) {
      one = false;
      more = piece();
    }
    if (more) requestIdleCallback(step, { timeout: idleTimeoutMs });
  };
  requestIdleCallback(step, { timeout: idleTimeoutMs });
}
