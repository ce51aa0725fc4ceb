import type * as vscode from 'vscode';
import type { ReviewSession } from './reviewSession';
import type { HostToWebview } from '../protocol';

/** Open review editors, and which one is active, for commands that act on "the current item". */
export class EditorRegistry {
  private readonly _sessions = new Set<ReviewSession>();
  private _active: ReviewSession | undefined;

  add(session: ReviewSession): vscode.Disposable {
    this._sessions.add(session);
    this._active = session;
    const sub = session.panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this._active = session;
    });
    return {
      dispose: () => {
        sub.dispose();
        this._sessions.delete(session);
        if (this._active === session) this._active = [...this._sessions].find((s) => s.panel.active);
      },
    };
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
