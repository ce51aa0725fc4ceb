import { keyBindings, reviewKeyWhen } from './keys';

interface CommandEntry {
  command: string;
  title: string;
  category?: string;
}
interface PaletteEntry {
  command: string;
  when?: string;
}

/** The keybindings package.json contributes: one per key in the table, scoped to the review editor. */
export function keybindingEntries(): { command: string; key: string; mac?: string; when: string }[] {
  return keyBindings.map((b) => ({ command: b.command, key: b.key, ...(b.mac ? { mac: b.mac } : {}), when: reviewKeyWhen }));
}

/** The package.nls.json key of a key command's title: `command.nextItem.title`. */
export function titleKey(command: string): string {
  return `command.${command.replace(/^transcriptReview\./, '')}.title`;
}

/** package.nls.json with the English title (from the table) of every key command it contributes, other entries kept. */
export function contributedTitles(nls: Record<string, string>, contributes: Record<string, unknown>): Record<string, string> {
  const out = { ...nls };
  const own = new Set(((contributes.commands as CommandEntry[] | undefined) ?? []).filter((c) => c.title === `%${titleKey(c.command)}%`).map((c) => c.command));
  for (const b of keyBindings) if (own.has(b.command)) out[titleKey(b.command)] = b.title;
  return out;
}

/**
 * `contributes` with the key table applied: keybindings replaced, a command (titled from the
 * table through package.nls.json, so it can be translated, in the "Transcript Review" category)
 * for every key that had none, shown in the palette only while a review editor is active.
 */
export function contributedKeys(contributes: Record<string, unknown>): Record<string, unknown> {
  const titled = new Map(keyBindings.map((b) => [b.command, b.title]));
  // Titles the table wrote in plain English before they were localizable become %keys%.
  const commands = ((contributes.commands as CommandEntry[] | undefined) ?? []).map((c) => (titled.get(c.command) === c.title ? { ...c, title: `%${titleKey(c.command)}%` } : c));
  const known = new Set(commands.map((c) => c.command));
  for (const b of keyBindings) if (!known.has(b.command)) commands.push({ command: b.command, title: `%${titleKey(b.command)}%`, category: '%category%' });
  const menus = { ...((contributes.menus as Record<string, PaletteEntry[]> | undefined) ?? {}) };
  const palette = [...(menus.commandPalette ?? [])];
  const inPalette = new Set(palette.map((p) => p.command));
  for (const b of keyBindings) if (!inPalette.has(b.command)) palette.push({ command: b.command, when: "activeCustomEditorId == 'transcriptReview.reviewEditor'" });
  menus.commandPalette = palette;
  return { ...contributes, commands, menus, keybindings: keybindingEntries() };
}
