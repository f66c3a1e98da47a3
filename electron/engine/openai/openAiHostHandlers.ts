import type { HostHandlers } from '../hosts/hostContract.ts';
import type { InferenceHostContract } from '../inference/inferenceHostContract.ts';
import { embedInHost } from './embedInHost.ts';
import { structuredInHost } from './structuredInHost.ts';

/** What the OpenAI-compatible API needs from the inference host beyond plain generation. */
export const openAiHostHandlers: HostHandlers<Pick<InferenceHostContract, 'openai.generateStructured' | 'openai.embed'>> = {
  'openai.generateStructured': async (request, { signal, emit }) => await structuredInHost(request, signal, emit),
  'openai.embed': async (request, { signal }) => await embedInHost(request, signal),
};
