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

/**
 * `contributes` with the key table applied: keybindings replaced, a command (titled from the
 * table, in the "Transcript Review" category) for every key that had none, shown in the palette
 * only while a review editor is active.
 */
export function contributedKeys(contributes: Record<string, unknown>): Record<string, unknown> {
  const commands = [...((contributes.commands as CommandEntry[] | undefined) ?? [])];
  const known = new Set(commands.map((c) => c.command));
  for (const b of keyBindings) if (!known.has(b.command)) commands.push({ command: b.command, title: b.title, category: '%category%' });
  const menus = { ...((contributes.menus as Record<string, PaletteEntry[]> | undefined) ?? {}) };
  const palette = [...(menus.commandPalette ?? [])];
  const inPalette = new Set(palette.map((p) => p.command));
  for (const b of keyBindings) if (!inPalette.has(b.command)) palette.push({ command: b.command, when: "activeCustomEditorId == 'transcriptReview.reviewEditor'" });
  menus.commandPalette = palette;
  return { ...contributes, commands, menus, keybindings: keybindingEntries() };
}
