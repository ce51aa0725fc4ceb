import { createReadStream } from 'node:fs';
import { cpuMs, peakRssMB, report } from '../measure';

/**
 * The reference `validate` is judged against: a plain streaming line-by-line JSON.parse loop
 * (64 KiB stream chunks, split on newlines, decode, parse), with nothing else.
 */
async function main(): Promise<void> {
  const file = process.argv[2]!;
  const t = performance.now();
  const cpu = process.cpuUsage();
  let items = 0;
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(file)) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let from = 0;
    for (let nl = buf.indexOf(10, from); nl !== -1; nl = buf.indexOf(10, from)) {
      JSON.parse(buf.toString('utf8', from, nl));
      items++;
      from = nl + 1;
    }
    rest = from < buf.length ? buf.subarray(from) : undefined;
  }
  if (rest?.length) {
    JSON.parse(rest.toString('utf8'));
    items++;
  }
  report({ ms: performance.now() - t, cpuMs: cpuMs(cpu), items, rssMB: peakRssMB() });
}

void main();
