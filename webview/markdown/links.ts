/**
 * The address a link may open, or null: only absolute `http:` and `https:` URLs. Everything else
 * (`javascript:`, `data:`, `command:`, `vscode:`, `file:`, relative paths) stays inert text.
 */
export function openableUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}
