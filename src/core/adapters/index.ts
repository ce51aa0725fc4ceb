import { canonicalAdapter } from './canonical';
import { chatAdapter } from './chat';
import { flatAdapter } from './flat';
import { hhAdapter } from './hh';
import { shareGptAdapter } from './sharegpt';
import { trlAdapter } from './trl';
import type { Adapter, FormatName } from './types';

export * from './types';
export { splitCommonPrefix } from './split';

/** Every adapter by name, in detection priority (most specific shape first). */
export const adapters: Readonly<Record<FormatName, Adapter>> = {
  canonical: canonicalAdapter,
  hh: hhAdapter,
  trl: trlAdapter,
  chat: chatAdapter,
  sharegpt: shareGptAdapter,
  flat: flatAdapter,
};
