import type { HostToWebview, WebviewToHost } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** Every message is a request: its id is how the one reply to it is recognised. */
export type Request = WebviewToHost extends infer M ? (M extends WebviewToHost ? Omit<M, 'requestId'> : never) : never;

/** How long a request may go unanswered before the view says so (a write being retried says so itself). */
export const replyTimeoutMs = 15_000;

const pending = new Map<string, { type: string; timer: ReturnType<typeof setTimeout> }>();
let onTimeout: (type: string, requestId: string) => void = () => undefined;

/** Called when a request got no reply in time: the view gives up on it and says so. */
export function onRequestTimeout(handler: (type: string, requestId: string) => void): void {
  onTimeout = handler;
}

function arm(requestId: string, type: string): ReturnType<typeof setTimeout> {
  return setTimeout(() => {
    pending.delete(requestId);
    onTimeout(type, requestId);
  }, replyTimeoutMs);
}

/** The webview's only way to talk to the extension host; returns the request's id. */
export function send(message: Request): string {
  const requestId = nextRequestId();
  pending.set(requestId, { type: message.type, timer: arm(requestId, message.type) });
  api.postMessage({ ...message, requestId });
  return requestId;
}

/** A reply arrived: the request is answered. */
export function settle(requestId: string | undefined): void {
  const p = requestId ? pending.get(requestId) : undefined;
  if (!p || !requestId) return;
  clearTimeout(p.timer);
  pending.delete(requestId);
}

/** The host is alive and still writing (a retried write): label requests wait on, unanswered. */
export function extendLabelRequests(): void {
  for (const [id, p] of pending) {
    if (!p.type.startsWith('label/')) continue;
    clearTimeout(p.timer);
    p.timer = arm(id, p.type);
  }
}

export function onMessage(handler: (m: HostToWebview) => void): void {
  window.addEventListener('message', (e: MessageEvent<HostToWebview>) => handler(e.data));
}

let counter = 0;
/** Request ids are a counter with a side prefix: unique within this webview's life. */
function nextRequestId(): string {
  return `wv-${++counter}`;
}
