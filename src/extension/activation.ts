import * as vscode from 'vscode';
import { ReviewEditorProvider, viewType } from './reviewEditorProvider';
import { EditorRegistry } from './editorRegistry';
import { ViewState } from './viewState';
import { StatusBar } from './statusBar';
import { registerCommands } from './commands';
import { configuredTaxonomy } from './settings';
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
  const broadcastView = (options: ViewOptions) => registry.broadcast({ type: 'view/didChange', view: options });
  const problems = new Problems();
  const itemList = new ItemList(registry);
  const itemsView = vscode.window.createTreeView('transcriptReview.items', { treeDataProvider: itemList, showCollapseAll: false });
  itemList.view = itemsView;
  const followItem = view.onDidSetPosition(({ uri, index }) => {
    if (registry.active?.document.uri.toString() === uri.toString()) itemList.showCurrent(index);
  });
  const onProgress = () => {
    statusBar.update();
    itemList.refresh();
  };
  const provider = new ReviewEditorProvider(
    context,
    registry,
    () => ({
      view,
      taxonomy: configuredTaxonomy(report),
      log,
      broadcastView,
      onProgress,
    }),
    problems,
    platform,
  );
  context.subscriptions.push(
    log,
    statusBar,
    problems,
    vscode.window.registerCustomEditorProvider(viewType, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.window.tabGroups.onDidChangeTabs(onProgress),
    itemList,
    itemsView,
    followItem,
    vscode.commands.registerCommand('transcriptReview.compareTwoRuns', () => compareTwoRuns(platform)),
    vscode.commands.registerCommand('transcriptReview.openSamples', () => openSamples(context)),
    vscode.commands.registerCommand('transcriptReview.openItem', (index: number) => registry.active?.show(index)),
    vscode.commands.registerCommand('transcriptReview.itemsShowMore', () => itemList.showMore()),
    vscode.commands.registerCommand('transcriptReview.filterItems', () => pickFilter(itemList, registry.active?.document)),
    vscode.commands.registerCommand('transcriptReview.clearItemFilter', () => itemList.setFilter({})),
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
