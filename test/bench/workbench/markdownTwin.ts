import { readFileSync, writeFileSync } from 'node:fs';

interface Message {
  role: string;
  content: string;
  reasoning?: string;
}
interface TwinItem {
  id: string;
  prompt: Message[];
  baseline: { model: string; messages: Message[] };
  trained: { model: string; messages: Message[] };
}

const section = (m: Message) => `**${m.role}**: ${m.content}\n\n${m.reasoning ? `> ${m.reasoning}\n\n` : ''}`;

/** One item as a Markdown document would hold it: a heading, the prompt, both answers. */
function itemMarkdown(item: TwinItem, round: number): string {
  const side = (name: string, s: TwinItem['baseline']) => `## ${name} (${s.model})\n\n${s.messages.map(section).join('')}`;
  return `# ${item.id}${round ? `-${round}` : ''}\n\n${item.prompt.map(section).join('')}${side('baseline', item.baseline)}${side('trained', item.trained)}`;
}

/**
 * Writes a Markdown file of the same byte size as the JSONL `items` file, from its own items
 * (repeated if the Markdown runs short), so the built-in preview renders the same text. Its
 * first heading is `# <id of the first item>`. Resolves to the bytes written.
 */
export function writeMarkdownTwin(items: string, path: string): number {
  const raw = readFileSync(items, 'utf8');
  const target = Buffer.byteLength(raw);
  const parsed = raw.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as TwinItem);
  let out = '';
  let bytes = 0;
  for (let round = 0; bytes < target; round++) {
    for (const item of parsed) {
      const block = itemMarkdown(item, round);
      out += block;
      bytes += Buffer.byteLength(block);
      if (bytes >= target) break;
    }
  }
  // Trimmed to the byte, at a character boundary.
  const exact = Buffer.from(out).subarray(0, target).toString('utf8').replace(/\uFFFD$/, '');
  writeFileSync(path, exact);
  return Buffer.byteLength(exact);
}
