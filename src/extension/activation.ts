import * as vscode from 'vscode';
import { ReviewEditorProvider, viewType } from './editor/reviewEditorProvider';
import { EditorRegistry } from './editor/editorRegistry';
import { ViewMemory } from './editor/viewMemory';
import { StatusBar } from './views/statusBar';
import { registerCommands } from './commands/commands';
import { recordContentProvider, recordScheme } from './editor/recordView';
import { blindSeed, configuredTaxonomy } from './settings';
import { shownSideName } from '../core/review/blind';
import { rowFilterSchema, showItemsCommand } from '../core/report/rowFilter';
import type { ReviewItem } from '../core/schema';
import type { TranscriptDocument } from './editor/transcriptDocument';
import type { ViewOptions } from '../protocol';
import { ItemList, pickFilter } from './views/itemList';
import { ItemFilters, describeFilter } from './views/itemFilters';
import { currentKeys, registerKeyCommands } from './commands/keybindings';
import type { ReviewSession } from './editor/reviewSession';
import { ItemLinkActions } from './views/problemLinks';
import { compareTwoRuns } from './commands/compareRuns';
import { Problems } from './views/problems';
import { openSamples } from './commands/samples';
import type { Platform } from './platform/platform';
import { pickOne } from './quickInput';

/**
 * Everything both entry points share: the review editor, the item list, the Problems panel, the
 * status bar and the commands that work on either platform. `extension.ts` (desktop) and
 * `extensionWeb.ts` (browser) call it with their platform, then add what only they have.
 */
export function activateReview(context: vscode.ExtensionContext, platform: Platform): { registry: EditorRegistry } {
  const log = vscode.window.createOutputChannel('Transcript Review', { log: true });
  const registry = new EditorRegistry();
  const view = new ViewMemory(context.workspaceState);
  const statusBar = new StatusBar(registry);
  const report = (message: string) => void vscode.window.showErrorMessage(message);
  const sideName = (item: ReviewItem, side: string) => shownSideName(item, side, { ...view.options, blindSeed: blindSeed() });
  const problems = new Problems(sideName);
  const filters = new ItemFilters();
  const itemList = new ItemList(registry, () => view.options.blind, filters);
  /** Tells a review editor which items `j`/`k` walk: its document's filter. */
  const postQueue = async (s: ReviewSession) => {
    const indices = await filters.queue(s.document);
    s.post({ type: 'queue/didChange', ...(indices ? { indices } : {}), total: s.document.model.index.count, description: describeFilter(filters.get(s.document), view.options.blind) });
  };
  const postQueues = (doc: TranscriptDocument) => {
    for (const s of registry.all()) if (s.document === doc) void postQueue(s);
  };
  /** A filter was set: an editor showing an item outside it moves to the filter's first item, and says so. */
  const enterFilter = async (doc: TranscriptDocument) => {
    for (const s of registry.all()) {
      if (s.document !== doc) continue;
      const from = s.index;
      const to = await doc.model.queue.entryInto(from);
      if (to === undefined || s.index !== from) continue;
      await s.show(to);
      if (s === registry.active) vscode.window.setStatusBarMessage(vscode.l10n.t('Item {0} is outside the filter: showing item {1}, the first in it.', from + 1, to + 1), 6000);
    }
  };
  const setTyping = (typing: boolean) => vscode.commands.executeCommand('setContext', 'transcriptReview.typing', typing);
  let lastActive: ReviewSession | undefined;
  /** The active review editor changed: the list, the status bar, the queue and the typing key follow at once. */
  const followActive = () => {
    const active = registry.active;
    void setTyping(active?.typing ?? false);
    if (active && active !== lastActive) void postQueue(active);
    lastActive = active;
  };
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
      keys: () => currentKeys(context, platform.mac),
      typing: (s) => (s === registry.active ? setTyping(s.typing) : Promise.resolve()),
      onDidOpen(document) {
        documents.add(document);
        void problems.scan(document).catch((err) => log.error(String(err)));
        const sub = document.onDidChangeLabels((e) => {
          onProgress();
          // A label-status filter lets different items through once labels change.
          if (filters.isActive(document)) postQueues(document);
          if (!e.others) void problems.labelsChanged(document, e.items);
        });
        // Once indexed (it may be before this document is even handed out): counts and the list follow.
        void document.model.index.built.then(() => documents.has(document) && onProgress());
        // A campaign's queue is known once the items are: the status bar then counts "of mine".
        void document.model.queue.assignment().then(() => onProgress(), (err: unknown) => log.error(String(err)));
        const reload = document.onDidReload(() => {
          onProgress();
          void problems.scan(document).catch((err) => log.error(String(err)));
        });
        document.onDidDispose(() => {
          documents.delete(document);
          sub.dispose();
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
    vscode.workspace.registerTextDocumentContentProvider(recordScheme, recordContentProvider),
    vscode.window.tabGroups.onDidChangeTabs(onProgress),
    registry.onDidChangeActive(onProgress),
    registry.onDidChangeActive(followActive),
    filters,
    filters.onDidChange(postQueues),
    filters.onDidChange((doc) => void enterFilter(doc).catch((err: unknown) => log.error(String(err)))),
    ...registerKeyCommands(registry),
    vscode.workspace.onDidGrantWorkspaceTrust(() => registry.broadcast({ type: 'labels/readOnly', message: undefined })),
    itemList,
    itemsView,
    followItem,
    vscode.commands.registerCommand('transcriptReview.compareTwoRuns', () => compareTwoRuns(platform)),
    vscode.commands.registerCommand('transcriptReview.openSamples', () => openSamples(context)),
    // From the item list (or Problems): show the item in its file's editor, and give that editor the keyboard so `j` works next.
    vscode.commands.registerCommand('transcriptReview.openItem', async (index: number, uri?: string) => {
      const s = (uri ? registry.all().find((x) => x.document.uri.toString() === uri && x.panel.active) ?? registry.all().find((x) => x.document.uri.toString() === uri) : undefined) ?? registry.active;
      if (!s) return;
      s.panel.reveal(undefined, false);
      await s.show(index);
    }),
    // Problems → the item in the review editor, with its labels in view.
    vscode.commands.registerCommand('transcriptReview.openItemById', async (document: string, item: string) => {
      const uri = vscode.Uri.parse(document);
      let s = registry.all().find((x) => x.document.uri.toString() === document);
      if (!s) {
        await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
        s = registry.all().find((x) => x.document.uri.toString() === document);
      }
      if (!s) return;
      s.panel.reveal(undefined, false);
      const index = await s.document.model.index.indexOf(item);
      if (index === undefined) return void vscode.window.showWarningMessage(vscode.l10n.t('No item with id "{0}".', item));
      await s.show(index);
      s.post({ type: 'ui/run', action: 'revealLabels' });
    }),
    vscode.languages.registerCodeActionsProvider({ pattern: '**/*.{jsonl,json}' }, new ItemLinkActions(), { providedCodeActionKinds: ItemLinkActions.kinds }),
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
      const pick = await pickOne(
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
    ...registerCommands(registry, view, broadcastView, () => configuredTaxonomy(report), () => currentKeys(context, platform.mac)),
  );
  return { registry };
}
