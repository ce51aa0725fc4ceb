import type { ByteSource } from '../input/byteSource';
import type { RunSource } from '../runs/runSource';
import { EvalZipLog } from './evalZip';
import { JsonLog } from './jsonLog';

/** One Inspect log by its name: `.eval` (zip) or `.json`. */
export function openInspectLog(source: ByteSource, file: string): RunSource {
  return /\.eval$/i.test(file) ? new EvalZipLog(source, file) : new JsonLog(source, file);
}
