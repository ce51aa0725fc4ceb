import { canonicalAdapter } from './canonical';
import { chatAdapter } from './chat';
import { anthropicAdapter } from './anthropic';
import { flatAdapter } from './flat';
import { hhAdapter } from './hh';
import { inspectAdapter } from './inspect';
import { responsesAdapter } from './responses';
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
  inspect: inspectAdapter(),
  anthropic: anthropicAdapter,
  responses: responsesAdapter,
  chat: chatAdapter,
  sharegpt: shareGptAdapter,
  flat: flatAdapter,
};
