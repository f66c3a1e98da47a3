import type { AdapterRef, ChatMessage, GenerationMode, GenerationRequestInput, Sampling } from '../../../../electron/shared/contract/generate.ts';

/** Everything the playground's controls decide; a generation request is built from it. */
export interface PlaygroundSettings {
  modelId: string | null;
  adapters: AdapterRef[];
  mode: GenerationMode;
  prompt: string;
  system: string;
  messages: ChatMessage[];
  sampling: Omit<Sampling, 'seed'> & { seed: number };
  randomSeed: boolean;
  maxTokens: number;
  stop: string[];
  samples: number;
  inspector: boolean;
  /** Alternatives shown per token when the inspector is on (1–20). */
  alternatives: number;
  /**
   * Each token's entropy too: it needs every probability of the vocabulary at every token (on a 151,936-token
   * vocabulary that halves decode speed), so it is a choice; probabilities and alternatives cost next to nothing.
   */
  entropy: boolean;
}

export const defaultSettings: PlaygroundSettings = {
  modelId: null,
  adapters: [],
  mode: 'raw',
  prompt: '',
  system: '',
  messages: [],
  sampling: { temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: 1, presencePenalty: 0, frequencyPenalty: 0, penaltyLastN: 64, seed: 42 },
  randomSeed: false,
  maxTokens: 128,
  stop: [],
  samples: 1,
  inspector: true,
  alternatives: 10,
  entropy: false,
};

export const randomSeed = (): number => Math.floor(Math.random() * 0xffff_ffff);

/** The system prompt goes first; an empty one is left out rather than sent as an empty message. */
export function chatMessages(settings: PlaygroundSettings, conversation: readonly ChatMessage[]): ChatMessage[] {
  return settings.system.trim() === '' ? [...conversation] : [{ role: 'system', content: settings.system }, ...conversation];
}

export function buildRequest(settings: PlaygroundSettings, conversation: readonly ChatMessage[], seed: number, prefillTokens: number[] = []): GenerationRequestInput {
  return {
    model: settings.modelId ?? '',
    adapters: settings.adapters,
    mode: settings.mode,
    prompt: settings.mode === 'raw' ? settings.prompt : '',
    messages: settings.mode === 'chat' ? chatMessages(settings, conversation) : [],
    sampling: { ...settings.sampling, seed },
    maxTokens: settings.maxTokens,
    stop: settings.stop,
    samples: settings.samples,
    logprobs: settings.inspector ? settings.alternatives : 0,
    inspect: settings.inspector && settings.entropy,
    prefillTokens,
  };
}
