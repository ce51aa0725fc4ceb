import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'transcript-review.transcript-review';

describe('activation', () => {
  it('activates and registers the open-in-review-editor command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in this extension host`);
    await ext.activate();
    assert.equal(ext.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('transcriptReview.openInReviewEditor'), 'transcriptReview.openInReviewEditor is not registered');
  });
});
