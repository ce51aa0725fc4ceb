import type * as vscode from 'vscode';
import type { ReviewSession } from './reviewSession';
import type { HostToWebview } from '../../protocol';

/** Open review editors, and which one is active, for commands that act on "the current item". */
export class EditorRegistry {
  private readonly _sessions = new Set<ReviewSession>();
  private _active: ReviewSession | undefined;
  private readonly _listeners = new Set<() => void>();

  /** Fires when a review editor opens, closes, or becomes the active one. */
  onDidChangeActive(listener: () => void): vscode.Disposable {
    this._listeners.add(listener);
    return { dispose: () => this._listeners.delete(listener) };
  }

  add(session: ReviewSession): vscode.Disposable {
    this._sessions.add(session);
    this._active = session;
    const sub = session.panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this._active = session;
      this._fire();
    });
    this._fire();
    return {
      dispose: () => {
        sub.dispose();
        this._sessions.delete(session);
        if (this._active === session) this._active = [...this._sessions].find((s) => s.panel.active);
        this._fire();
      },
    };
  }

  private _fire(): void {
    for (const l of this._listeners) l();
  }

  get active(): ReviewSession | undefined {
    if (this._active?.panel.active) return this._active;
    return [...this._sessions].find((s) => s.panel.active) ?? this._active;
  }

  all(): ReviewSession[] {
    return [...this._sessions];
  }

  broadcast(m: HostToWebview): void {
    for (const s of this._sessions) s.post(m);
  }
}
