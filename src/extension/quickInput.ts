import * as vscode from 'vscode';
import { disposeAll } from './dispose';

/**
 * Quick picks and input boxes that survive VS Code's webview focus race (microsoft/vscode#75209).
 * Run from the command palette while the review editor has the keyboard, the palette's closing
 * hands focus back to the webview, whose frame takes it a moment later (it lives in another
 * process); when that lands after the command's own input opened, VS Code closes the input as if
 * the user had clicked away, and the command sees no answer. On a loaded machine the e2e tier saw
 * it about once in ten runs of the Adjudicate pick: its rows present, the widget hidden. An input
 * that closes without an answer this soon after it opened is shown once more; a second close is
 * the user's.
 */
const FOCUS_RACE_MS = 1000;

type PickOptions = Pick<vscode.QuickPickOptions, 'title' | 'placeHolder' | 'matchOnDescription' | 'matchOnDetail'>;
type TextOptions = Pick<vscode.InputBoxOptions, 'title' | 'prompt' | 'placeHolder' | 'value' | 'validateInput'>;

/** `showQuickPick` (one item picked), shown again once if focus took it away as it opened. */
export function pickOne<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.items = items;
  pick.title = options.title;
  pick.placeholder = options.placeHolder;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.matchOnDetail = options.matchOnDetail ?? false;
  // Shown again, a pick has no active row until its items are set again (checked in the host).
  // Enter with no row to take (a filter that matches nothing) keeps the pick open, as showQuickPick does.
  const accept = (done: (answer: T | undefined) => void) =>
    pick.onDidAccept(() => {
      const row = pick.selectedItems[0] ?? pick.activeItems[0];
      if (row) done(row);
    });
  return steady(pick, accept, () => (pick.items = items));
}

/** `showInputBox`, shown again once if focus took it away as it opened. */
export function askText(options: TextOptions): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.prompt = options.prompt;
  box.placeholder = options.placeHolder;
  box.value = options.value ?? '';
  const check = async (value: string) => {
    const message = await options.validateInput?.(value);
    box.validationMessage = message ?? undefined;
    return !message;
  };
  return steady<string>(box, (done) =>
    vscode.Disposable.from(
      box.onDidChangeValue((v) => void check(v)),
      box.onDidAccept(async () => {
        if (await check(box.value)) done(box.value);
      }),
    ),
  );
}

/** Shows `input` until it is answered (`listen`'s handlers call `done`) or closed by the user. */
function steady<T>(input: vscode.QuickInput, listen: (done: (answer: T | undefined) => void) => vscode.Disposable, again?: () => void): Promise<T | undefined> {
  return new Promise((resolve) => {
    const openedAt = Date.now();
    let shownAgain = false;
    let settled = false;
    const subscriptions: vscode.Disposable[] = [];
    const done = (answer: T | undefined) => {
      if (settled) return;
      settled = true;
      resolve(answer);
      disposeAll(subscriptions);
      input.dispose();
    };
    subscriptions.push(
      listen(done),
      input.onDidHide(() => {
        if (settled) return;
        if (!shownAgain && Date.now() - openedAt < FOCUS_RACE_MS) {
          shownAgain = true;
          again?.();
          input.show();
          return;
        }
        done(undefined);
      }),
    );
    input.show();
  });
}
