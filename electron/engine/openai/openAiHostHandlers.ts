import type { HostHandlerMap } from '../hosts/hostProtocol.ts';
import { embedInHost } from './embedInHost.ts';
import { structuredInHost } from './structuredInHost.ts';

/** What the OpenAI-compatible API needs from the inference host beyond plain generation. */
export const openAiHostHandlers: HostHandlerMap = {
  'openai.generateStructured': async (raw, { signal, emit }) => await structuredInHost(raw, signal, emit),
  'openai.embed': async (raw, { signal }) => await embedInHost(raw, signal),
};
