import type { HostToWebview, WebviewToHost } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** The webview's only way to talk to the extension host. */
export function send(message: WebviewToHost): void {
  api.postMessage(message);
}

export function onMessage(handler: (m: HostToWebview) => void): void {
  window.addEventListener('message', (e: MessageEvent<HostToWebview>) => handler(e.data));
}

let counter = 0;
/** Request ids are a counter with a side prefix: unique within this webview's life. */
export function nextRequestId(): string {
  return `wv-${++counter}`;
}
