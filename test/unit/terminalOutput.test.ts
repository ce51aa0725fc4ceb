import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalBlock } from '../../src/core/terminalText';

test('terminal blocks: escape sequences, lone CRs and bidi controls are neutralised; tabs, line feeds and CRLF stay', () => {
  const data = 'id\tquote\r\nx\t\u001b]0;pwned\u0007\u001b[2J\rok\u202e\n';
  const shown = terminalBlock(data);
  assert.equal(shown, 'id\tquote\r\nx\t\\u001b]0;pwned\\u0007\\u001b[2J\\u000dok\\u202e\n');
  assert.equal(terminalBlock('plain\ttext\n'), 'plain\ttext\n');
});
