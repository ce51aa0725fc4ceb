import * as vscode from 'vscode';
import { ReviewEditorProvider, viewType } from './reviewEditorProvider';
import { EditorRegistry } from './editorRegistry';
import { ViewState } from './viewState';
import { StatusBar } from './statusBar';
import { registerCommands } from './commands';
import { blindSeed, configuredTaxonomy } from './settings';
import { shownSideName } from '../core/review/blind';
import { rowFilterSchema, showItemsCommand } from '../core/report/rowFilter';
import type { ReviewItem } from '../core/schema';
import type { TranscriptDocument } from './transcriptDocument';
import type { ViewOptions } from '../protocol';
import { ItemList, pickFilter } from './itemList';
import { compareTwoRuns } from './compareRuns';
import { Problems } from './problems';
import { openSamples } from './samples';
import type { Platform } from './platform';

/**
 * Everything both entry points share: the review editor, the item list, the Problems panel, the
 * status bar and the commands that work on either platform. `extension.ts` (desktop) and
 * `extensionWeb.ts` (browser) call it with their platform, then add what only they have.
 */
export function activateReview(context: vscode.ExtensionContext, platform: Platform): { registry: EditorRegistry } {
  const log = vscode.window.createOutputChannel('Transcript Review', { log: true });
  const registry = new EditorRegistry();
  const view = new ViewState(context.workspaceState);
  const statusBar = new StatusBar(registry);
  const report = (message: string) => void vscode.window.showErrorMessage(message);
  const sideName = (item: ReviewItem, side: string) => shownSideName(item, side, { ...view.options, blindSeed: blindSeed() });
  const problems = new Problems(sideName);
  const itemList = new ItemList(registry, () => view.options.blind);
  const itemsView = vscode.window.createTreeView('transcriptReview.items', { treeDataProvider: itemList, showCollapseAll: false });
  itemList.view = itemsView;
  const followItem = view.onDidSetPosition(({ uri, index }) => {
    if (registry.active?.document.uri.toString() === uri.toString()) itemList.showCurrent(index);
  });
  const onProgress = () => {
    statusBar.update();
    itemList.refresh();
  };
  const documents = new Set<TranscriptDocument>();
  const broadcastView = (options: ViewOptions) => {
    registry.broadcast({ type: 'view/didChange', view: options });
    // Blind mode changes how sides are named in the item list and in Problems.
    itemList.refresh();
    for (const d of documents) void problems.labelsChanged(d);
  };
  const readOnly = () => (vscode.workspace.isTrusted ? undefined : vscode.l10n.t('Restricted Mode: this workspace is not trusted, so labels are read-only. Trust the workspace to label.'));
  const provider = new ReviewEditorProvider(
    context,
    registry,
    {
      view,
      taxonomy: () => configuredTaxonomy(report),
      log,
      broadcastView,
      readOnly,
      onDidOpen(document) {
        documents.add(document);
        void problems.scan(document).catch((err) => log.error(String(err)));
        const sub = document.onDidChangeLabels((e) => {
          onProgress();
          if (!e.others) void problems.labelsChanged(document, e.items);
        });
        const index = document.onDidIndex((p) => p.done && onProgress());
        // A campaign's queue is known once the items are: the status bar then counts "of mine".
        void document.assignment().then(() => onProgress(), (err: unknown) => log.error(String(err)));
        const reload = document.onDidReload(() => {
          onProgress();
          void problems.scan(document).catch((err) => log.error(String(err)));
        });
        document.onDidDispose(() => {
          documents.delete(document);
          sub.dispose();
          index.dispose();
          reload.dispose();
          problems.forget(document);
        });
      },
    },
    platform,
  );
  context.subscriptions.push(
    log,
    statusBar,
    problems,
    vscode.window.registerCustomEditorProvider(viewType, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.window.tabGroups.onDidChangeTabs(onProgress),
    registry.onDidChangeActive(onProgress),
    vscode.workspace.onDidGrantWorkspaceTrust(() => registry.broadcast({ type: 'labels/readOnly', message: undefined })),
    itemList,
    itemsView,
    followItem,
    vscode.commands.registerCommand('transcriptReview.compareTwoRuns', () => compareTwoRuns(platform)),
    vscode.commands.registerCommand('transcriptReview.openSamples', () => openSamples(context)),
    vscode.commands.registerCommand('transcriptReview.openItem', (index: number) => registry.active?.show(index)),
    vscode.commands.registerCommand('transcriptReview.itemsShowMore', () => itemList.showMore()),
    vscode.commands.registerCommand('transcriptReview.filterItems', () => pickFilter(itemList, registry.active?.document)),
    vscode.commands.registerCommand('transcriptReview.clearItemFilter', () => itemList.setFilter({})),
    // From the report's row links (a command URI: the only one its panel may run): those items in the list.
    vscode.commands.registerCommand(showItemsCommand, async (raw: unknown) => {
      const parsed = rowFilterSchema.safeParse(raw);
      if (!parsed.success) return;
      await itemList.setFilter(parsed.data);
      await vscode.commands.executeCommand('transcriptReview.items.focus');
    }),
    vscode.commands.registerCommand('transcriptReview.showDisagreements', async () => {
      const pick = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Annotators disagree'), annotatorsDisagree: true },
          { label: vscode.l10n.t('Reward model disagrees with my preference'), rmDisagrees: true },
        ],
        { title: vscode.l10n.t('Show items where…') },
      );
      if (!pick) return;
      await itemList.setFilter({ annotatorsDisagree: pick.annotatorsDisagree, rmDisagrees: pick.rmDisagrees });
      await vscode.commands.executeCommand('transcriptReview.items.focus');
    }),
    ...registerCommands(registry, view, broadcastView, () => configuredTaxonomy(report)),
  );
  return { registry };
}
