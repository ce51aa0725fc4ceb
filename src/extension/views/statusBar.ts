import * as vscode from 'vscode';
import type { EditorRegistry } from '../editor/editorRegistry';

/** "Labeled 37 / 1,000" and the annotator, shown while a review editor is active. */
export class StatusBar implements vscode.Disposable {
  private readonly _progress = vscode.window.createStatusBarItem('transcriptReview.progress', vscode.StatusBarAlignment.Left, 100);
  private readonly _annotator = vscode.window.createStatusBarItem('transcriptReview.annotator', vscode.StatusBarAlignment.Left, 99);

  constructor(private readonly _registry: EditorRegistry) {
    this._progress.name = vscode.l10n.t('Transcript Review progress');
    this._progress.command = 'transcriptReview.nextUnlabeled';
    this._progress.tooltip = vscode.l10n.t('Items with my preference or a verdict on both sides. Click: next unlabeled item (n)');
    this._annotator.name = vscode.l10n.t('Transcript Review annotator');
    this._annotator.command = 'transcriptReview.setAnnotator';
    this._annotator.tooltip = vscode.l10n.t('Labels are written as this annotator. Click to change.');
  }

  update(): void {
    const session = this._registry.active;
    if (!session) {
      this._progress.hide();
      this._annotator.hide();
      return;
    }
    const { model } = session.document;
    const { labeled, total, mine } = model.queue.progress();
    const n = (x: number) => x.toLocaleString('en-US');
    this._progress.text = `$(checklist) ${mine ? vscode.l10n.t('Labeled {0} / {1} of mine', n(labeled), n(total)) : vscode.l10n.t('Labeled {0} / {1}', n(labeled), n(total))}`;
    this._annotator.text = `$(account) ${model.book.annotator}`;
    this._progress.show();
    this._annotator.show();
  }

  dispose(): void {
    this._progress.dispose();
    this._annotator.dispose();
  }
}
