import type { AdapterRef } from '../../shared/contract/generate.ts';
import type { RunTarget } from '../../shared/contract/hallucination.ts';
import type { EngineServices } from '../engineServices.ts';
import { inspectGguf } from '../gguf/inspectGguf.ts';
import { generateText } from '../inference/generateText.ts';
import { scoreText } from '../inference/scoreText.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import type { ModelUnderTest } from './modelUnderTest.ts';
import { cutAtRawStop, rawContinuation, rawQuestionDocument, rawStopStrings } from './promptFrames.ts';

/** A run target bound to the real inference engine (the playground's generate and score service functions). */
export interface BoundTarget {
  readonly model: ModelUnderTest;
  readonly modelPath: string;
  readonly mode: 'chat' | 'raw';
  readonly label: string;
}

/** auto: what the library says the model is (the user's choice wins), else whether the GGUF has a chat template. */
function chooseMode(library: ModelLibrary, modelPath: string, requested: RunTarget['mode']): 'chat' | 'raw' {
  if (requested !== 'auto') return requested;
  const entry = library.findByPath(modelPath);
  if (entry) return entry.kind === 'chat' ? 'chat' : 'raw';
  return inspectGguf(modelPath).hasChatTemplate ? 'chat' : 'raw';
}

const sumLogProbs = (tokens: readonly { logprob: number | null }[]): number =>
  tokens.reduce((sum, token) => sum + (token.logprob ?? 0), 0);

export function bindTarget(services: EngineServices, target: RunTarget): BoundTarget {
  const library = new ModelLibrary(services.db);
  const resolved = library.resolve(target.model);
  const mode = chooseMode(library, resolved.path, target.mode);
  const adapters: AdapterRef[] = target.lora ? [{ adapter: target.lora, scale: target.loraScale }] : [];
  const modelRef = resolved.path;
  const adapterName = target.lora ? ` + ${target.lora.split(/[\\/]/).pop()}` : '';

  const model: ModelUnderTest = {
    async generate(prompt, options, signal) {
      const sampling = { temperature: options.temperature, seed: options.seed };
      if (mode === 'chat') {
        const result = await generateText(
          services,
          { model: modelRef, adapters, mode: 'chat', messages: [{ role: 'user', content: prompt }], sampling, maxTokens: options.maxTokens },
          { signal, source: null },
        );
        return result.text.trim();
      }
      const result = await generateText(
        services,
        { model: modelRef, adapters, mode: 'raw', prompt: rawQuestionDocument(prompt), sampling, maxTokens: options.maxTokens, stop: [...rawStopStrings] },
        { signal, source: null },
      );
      return cutAtRawStop(result.text);
    },
    async logProb(prompt, continuation, signal) {
      const result = mode === 'chat'
        ? await scoreText(services, { model: modelRef, adapters, mode: 'chat', messages: [{ role: 'user', content: prompt }], text: continuation }, { signal, source: null })
        : await scoreText(services, { model: modelRef, adapters, mode: 'raw', prefix: rawQuestionDocument(prompt), text: rawContinuation(prompt, continuation) }, { signal, source: null });
      return sumLogProbs(result.tokens);
    },
  };
  return { model, modelPath: resolved.path, mode, label: target.label?.trim() || `${resolved.name}${adapterName} (${mode})` };
}
