/**
 * Text from the data (ids, model names, keys, messages) printed to a terminal must not drive
 * it: ESC and OSC sequences could retitle the window, clear the screen or fake a "0 errors"
 * line, and bidi controls reorder what is shown. Each such character is written as a JSON-style
 * `\uXXXX` escape, as `validate` writes data inside its messages; a line break in data too, so one
 * printed line is one line.
 */
// eslint-disable-next-line no-control-regex
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeControls(text: string): string {
  unsafe.lastIndex = 0;
  if (!unsafe.test(text)) return text;
  return text.replace(unsafe, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line for a terminal: the text with controls escaped, then a newline. */
export function terminalLine(text: string): string {
  return escapeControls(text) + '\n';
}

// eslint-disable-next-line no-control-regex
const unsafeInBlock = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Many lines for a terminal (an export or report written to it): controls escaped as
 * `escapeControls` does, but tabs, line feeds and a CR before a line feed kept, so records and
 * tables keep their shape. A lone CR is escaped: it would move the cursor back over a line.
 */
export function terminalBlock(text: string): string {
  unsafeInBlock.lastIndex = 0;
  if (!unsafeInBlock.test(text)) return text;
  return text.replace(unsafeInBlock, (c, at: number) => (c === '\r' && text[at + 1] === '\n' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
