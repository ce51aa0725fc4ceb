/**
 * Decompresses gzip bytes in memory with the platform's `DecompressionStream` (browsers, web
 * workers, Node 18+): no library, no WASM. Stops with an error past `maxBytes` of output, so a
 * small file cannot expand past what the caller can hold.
 */
export async function gunzipMemory(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  const stream = input.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new RangeError(`decompresses to more than ${Math.round(maxBytes / (1024 * 1024))} MB`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
