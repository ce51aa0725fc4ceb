import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteAsShown } from '../../webview/views/quote';

test("a span card shows the quote as the answer reads, not its Markdown source", () => {
  assert.equal(quoteAsShown('Cut the paper**: Use scissors.', 100), 'Cut the paper: Use scissors.');
  assert.equal(quoteAsShown('7. **Mail**: Mail it `now`.\n- next', 100), 'Mail: Mail it now.\nnext');
  assert.equal(quoteAsShown('snake_case stays', 100), 'snake_case stays');
  assert.equal(quoteAsShown('abcdef', 3), 'abc…');
});
