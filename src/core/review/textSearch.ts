import type { ItemSource } from '../input/dataset';
import { messageText } from '../messageText';

/**
 * Positions of the items whose id, prompt, answers or reasoning contain `text` (case-insensitive),
 * by one sequential pass. `pace` is called per item; a promise it returns is awaited.
 */
export async function itemsContaining(source: ItemSource, text: string, pace?: () => Promise<void> | undefined): Promise<Set<number>> {
  const needle = text.toLowerCase();
  const found = new Set<number>();
  for await (const r of source.items()) {
    const item = r.item;
    if (item) {
      const haystack = [item.id, ...item.prompt.map(messageText), ...item.sides.flatMap((s) => s.messages.map((m) => `${messageText(m)}\n${m.reasoning ?? ''}`))].join('\n');
      if (haystack.toLowerCase().includes(needle)) found.add(r.index);
    }
    const breath = pace?.();
    if (breath) await breath;
  }
  return found;
}
