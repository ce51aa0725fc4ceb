import type { ContentPart } from '../schema';

/**
 * A text stand-in for content the review view does not render (images, audio, files): the
 * reviewer sees that something was there, and labels can point at it, instead of it vanishing.
 */
export function placeholder(kind: string, detail?: string): string {
  return detail ? `[${kind}: ${detail}]` : `[${kind}]`;
}

/** Names the part types the review view cannot show, keeping what each part carries otherwise. */
export function withPlaceholders(parts: readonly ContentPart[]): ContentPart[] {
  return parts.map((p) => (typeof p.text === 'string' ? p : { ...p, text: placeholderOf(p) }));
}

function placeholderOf(p: ContentPart): string {
  const r = p as Record<string, unknown>;
  const file = r.file as Record<string, unknown> | undefined;
  if (typeof r.refusal === 'string') return placeholder('refusal', r.refusal);
  if (p.type === 'file' && typeof file?.filename === 'string') return placeholder('file', file.filename);
  if (p.type === 'input_audio') return placeholder('audio');
  if (p.type === 'image_url') return placeholder('image');
  return placeholder(p.type);
}
