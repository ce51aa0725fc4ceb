import { escapeXml } from './escapeXml';

/** A nonce for a Content-Security-Policy: 128 random bits, hex. */
export function newNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The one HTML shell of every page the product shows or writes (the review webview, the report
 * in the editor and on disk): a strict Content-Security-Policy first in the head, then the head
 * and body given. `csp` directives are joined as given; `title` is escaped.
 */
export function htmlPage(options: { title: string; csp: readonly string[]; head?: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${options.csp.join('; ')}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(options.title)}</title>
${options.head ?? ''}
</head>
<body>
${options.body}
</body>
</html>
`;
}
