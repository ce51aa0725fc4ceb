import * as vscode from 'vscode';
import type { ViewOptions } from '../../protocol';

const viewKey = 'transcriptReview.view';
const defaults: ViewOptions = { diff: true, syncScroll: true, blind: false, swapped: false, showOthers: false, raw: false };

/** What review editors remember per workspace, in `workspaceState`: the view options and the last item shown per file. */
export class ViewMemory {
  private readonly _onDidSetPosition = new vscode.EventEmitter<{ uri: vscode.Uri; index: number }>();
  /** Fired when an editor shows another item (the item list selects its row). */
  readonly onDidSetPosition = this._onDidSetPosition.event;

  constructor(private readonly _memento: vscode.Memento) {}

  get options(): ViewOptions {
    return { ...defaults, ...this._memento.get<Partial<ViewOptions>>(viewKey, {}) };
  }

  async set(options: Partial<ViewOptions>): Promise<ViewOptions> {
    const next = { ...this.options, ...options };
    await this._memento.update(viewKey, next);
    return next;
  }

  position(uri: vscode.Uri): number {
    return this.remembered(uri) ?? 0;
  }

  /** The last item shown of this file, or undefined when it was never open here. */
  remembered(uri: vscode.Uri): number | undefined {
    return this._memento.get<number>(`transcriptReview.position:${uri.toString()}`);
  }

  setPosition(uri: vscode.Uri, index: number): Thenable<void> {
    this._onDidSetPosition.fire({ uri, index });
    return this._memento.update(`transcriptReview.position:${uri.toString()}`, index);
  }
}
