import * as vscode from 'vscode';
import { addDraftSchema } from '../../core/labels/labelEvent';
import { describeSchemaError } from '../../core/schemaMessage';
import type { EditorRegistry } from '../editor/editorRegistry';
import type { ReviewSession } from '../editor/reviewSession';
import type { ViewMemory } from '../editor/viewMemory';
import type { KeyHelp, ViewOptions } from '../../protocol';
import type { Taxonomy } from '../../core/taxonomy';
import { viewType } from '../editor/reviewEditorProvider';
import { askText, pickOne } from '../quickInput';

function withSession(registry: EditorRegistry, run: (s: ReviewSession) => unknown): () => unknown {
  return () => {
    const session = registry.active;
    if (!session) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a transcript in the review editor first.'));
      return;
    }
    return run(session);
  };
}

/**
 * The file of the active tab. Not only `activeTextEditor`: a file too large for the text editor
 * opens as a placeholder with no text editor, and that is exactly when the review editor helps.
 */
export function activeFileUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/**
 * The Adjudicate view: the items where the annotators (in a campaign: the assigned ones) disagree,
 * with who said what; picking one shows it with everyone's labels. The adjudicator then labels
 * it as usual, in their own log, and exports take their labels as final.
 */
async function adjudicate(s: ReviewSession, view: ViewMemory, broadcastView: (o: ViewOptions) => void): Promise<void> {
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Finding disagreements…') }, () =>
    s.document.model.queue.adjudicationRows((summary, side) => s.sideName(summary, side)),
  );
  const rows = found.map((r) => ({ label: r.id, description: r.disagreements[0], detail: r.disagreements.slice(1).join(' · ') || undefined, index: r.index }));
  if (rows.length === 0) return void vscode.window.showInformationMessage(vscode.l10n.t('The annotators agree on every item.'));
  const pick = await pickOne(rows, { title: vscode.l10n.t('Adjudicate: {0} items where annotators disagree', rows.length), matchOnDescription: true, matchOnDetail: true });
  if (!pick) return;
  if (!view.options.showOthers) broadcastView(await view.set({ showOthers: true }));
  await s.show(pick.index);
}

export function registerCommands(
  registry: EditorRegistry,
  view: ViewMemory,
  broadcastView: (o: ViewOptions) => void,
  taxonomy: () => Taxonomy,
  keys: () => Promise<KeyHelp[]>,
): vscode.Disposable[] {
  const toggle = (key: keyof ViewOptions) => async () => broadcastView(await view.set({ [key]: !view.options[key] }));
  let commandRequest = 0;
  const requestId = () => `cmd-${++commandRequest}`;
  return [
    vscode.commands.registerCommand('transcriptReview.openInReviewEditor', async (uri?: vscode.Uri) => {
      const target = uri ?? activeFileUri();
      if (!target) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a .jsonl file first, then run this command.'));
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', target, viewType);
    }),
    vscode.commands.registerCommand(
      'transcriptReview.goToItem',
      withSession(registry, (s) => s.goTo()),
    ),
    vscode.commands.registerCommand(
      'transcriptReview.nextUnlabeled',
      withSession(registry, (s) => s.nextUnlabeled()),
    ),
    vscode.commands.registerCommand(
      'transcriptReview.revealRawLine',
      withSession(registry, (s) => s.revealRaw()),
    ),
    vscode.commands.registerCommand('transcriptReview.swapSides', toggle('swapped')),
    vscode.commands.registerCommand('transcriptReview.toggleBlindMode', toggle('blind')),
    vscode.commands.registerCommand('transcriptReview.toggleDiff', toggle('diff')),
    vscode.commands.registerCommand('transcriptReview.toggleRaw', toggle('raw')),
    vscode.commands.registerCommand('transcriptReview.toggleSyncScroll', toggle('syncScroll')),
    vscode.commands.registerCommand('transcriptReview.toggleOtherAnnotators', toggle('showOthers')),
    vscode.commands.registerCommand('transcriptReview.undoLabel', withSession(registry, async (s) => s.post(await s.handle({ type: 'label/undo', requestId: requestId() })))),
    vscode.commands.registerCommand('transcriptReview.redoLabel', withSession(registry, async (s) => s.post(await s.handle({ type: 'label/redo', requestId: requestId() })))),
    // Read the bindings at each press: a key remapped in keybindings.json shows as remapped.
    vscode.commands.registerCommand('transcriptReview.showKeyboardShortcuts', withSession(registry, async (s) => s.post({ type: 'ui/run', action: 'help', keys: await keys() }))),
    vscode.commands.registerCommand(
      'transcriptReview.tagSelection',
      withSession(registry, async (s) => {
        const { traits } = taxonomy();
        const pick = await pickOne(
          traits.map((tr, i) => ({ label: `${i + 1}  ${tr.label}`, description: tr.id, detail: tr.description, id: tr.id })),
          { title: vscode.l10n.t('Tag the selected text with a trait'), matchOnDescription: true, matchOnDetail: true },
        );
        if (pick) s.post({ type: 'ui/run', action: 'tagSelection', trait: pick.id });
      }),
    ),
    // For keybindings and automation: record a label on the active editor's current item. The
    // draft is checked like the editor's own (schema, then against the item) before it is written;
    // the command resolves to the event once it is on disk, and rejects with the reason otherwise.
    vscode.commands.registerCommand('transcriptReview.recordLabel', async (draft: unknown) => {
      const s = registry.active ?? registry.all()[0];
      if (!s?.item) throw new Error('no review editor with an item is open');
      const withItem = typeof draft === 'object' && draft !== null && !('item' in draft) ? { ...draft, item: s.item.id } : draft;
      const parsed = addDraftSchema.safeParse(withItem);
      if (!parsed.success) throw new Error(`transcriptReview.recordLabel: ${describeSchemaError(parsed.error, 'label')}`);
      const { reply, result } = await s.change(requestId(), { op: 'add', draft: parsed.data });
      if (reply.type === 'request/didFail') throw new Error(`transcriptReview.recordLabel: ${reply.message}`);
      // The view's one update for this write (a requestId it did not send: it takes the labels and counts).
      s.post(reply);
      return result?.event;
    }),
    vscode.commands.registerCommand(
      'transcriptReview.openGuidelines',
      withSession(registry, async (s) => {
        const file = s.document.model.guidelines;
        if (!file) return void vscode.window.showInformationMessage(vscode.l10n.t('This review has no campaign guidelines (the manifest\'s "campaign.guidelines").'));
        await vscode.commands.executeCommand('markdown.showPreviewToSide', vscode.Uri.joinPath(s.document.uri, '..', file));
      }),
    ),
    vscode.commands.registerCommand('transcriptReview.adjudicate', withSession(registry, (s) => adjudicate(s, view, broadcastView))),
    vscode.commands.registerCommand(
      'transcriptReview.setAnnotator',
      withSession(registry, async (s) => {
        const name = await askText({
          title: vscode.l10n.t('Annotator name'),
          value: s.document.model.book.annotator,
          prompt: vscode.l10n.t('Labels are written to <dataset>.labels/<name>.jsonl'),
          validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The name must not be empty.')),
        });
        if (!name) return;
        await vscode.workspace.getConfiguration('transcriptReview').update('annotator', name.trim(), vscode.ConfigurationTarget.Global);
        void vscode.window.showInformationMessage(vscode.l10n.t('Annotator set to {0}. Reopen open review editors to label under the new name.', name.trim()));
      }),
    ),
  ];
}
