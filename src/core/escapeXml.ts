/** Text made safe inside HTML and SVG markup, content or attribute: the five special characters as character references. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
