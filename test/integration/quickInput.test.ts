import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { askText, pickOne } from '../../src/extension/quickInput';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const close = () => vscode.commands.executeCommand('workbench.action.closeQuickOpen');
/** What the webview focus race does to an input that just opened: VS Code closes it. */
async function closedAsItOpens(): Promise<void> {
  await sleep(200);
  await close();
}
const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
const items = [{ label: 'first' }, { label: 'second' }];

describe('quick inputs and the webview focus race', () => {
  it('a pick closed as it opens is shown again, and its answer is the one picked then', async () => {
    const answer = pickOne(items, { title: 'Pick one' });
    await closedAsItOpens();
    await sleep(300);
    await accept();
    assert.equal((await answer)?.label, 'first');
  });

  it('a pick closed again is not shown a third time: the second close is the user’s', async () => {
    const answer = pickOne(items, { title: 'Pick one' });
    await closedAsItOpens();
    await closedAsItOpens();
    assert.equal(await answer, undefined);
  });

  it('a pick closed after it has been open a while is closed by the user at once', async () => {
    const answer = pickOne(items, { title: 'Pick one' });
    await sleep(1_300);
    const closedAt = Date.now();
    await close();
    assert.equal(await answer, undefined);
    assert.ok(Date.now() - closedAt < 1_000, 'the answer came without waiting');
  });

  it('Enter with no row to take keeps the pick open, as showQuickPick does', async () => {
    const answer = pickOne<vscode.QuickPickItem>([], { title: 'Pick one' });
    await sleep(1_300);
    await accept();
    const early = await Promise.race([answer.then(() => 'answered'), sleep(500).then(() => 'open')]);
    assert.equal(early, 'open');
    await close();
    assert.equal(await answer, undefined);
  });

  it('an input box closed as it opens is shown again, keeps its value, and checks it', async () => {
    const answer = askText({ title: 'Name', value: 'ana', validateInput: (v) => (v.trim() ? undefined : 'empty') });
    await closedAsItOpens();
    await sleep(300);
    await accept();
    assert.equal(await answer, 'ana');
  });
});
