import { basename } from 'node:path';
import type { EvalTarget } from '../../shared/contract/evals.ts';
import type { AdapterRef } from '../../shared/contract/generate.ts';
import type { EngineServices } from '../engineServices.ts';
import { generateText } from '../inference/generateText.ts';
import { scoreText } from '../inference/scoreText.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import type { EvalModel } from './scoring/evalModel.ts';

export interface BoundEvalTarget {
  readonly model: EvalModel;
  readonly modelPath: string;
  readonly label: string;
}

/**
 * A target on the real inference engine: log-likelihoods come from the one scorer (`workbench score`, the
 * playground's heat map), replies from the one generator, greedy. Resolving here, before a job starts, makes a
 * missing model or adapter an error the caller sees at once.
 */
export function bindEvalTarget(services: EngineServices, target: EvalTarget): BoundEvalTarget {
  const resolved = new ModelLibrary(services.db).resolve(target.model);
  const adapters: AdapterRef[] = target.lora === null ? [] : [{ adapter: target.lora, scale: target.loraScale }];
  const model: EvalModel = {
    async continuationLogprobs(context, continuation, signal) {
      const request = context.mode === 'raw'
        ? { model: resolved.path, adapters, mode: 'raw' as const, prefix: context.prefix, text: continuation }
        : { model: resolved.path, adapters, mode: 'chat' as const, messages: context.messages, text: continuation };
      const result = await scoreText(services, request, { signal, source: null });
      return result.tokens.map((token) => token.logprob);
    },
    async generate(context, options, signal) {
      const common = { model: resolved.path, adapters, sampling: { temperature: 0 }, maxTokens: options.maxTokens, stop: options.stop };
      const request = context.mode === 'raw' ? { ...common, mode: 'raw' as const, prompt: context.prefix } : { ...common, mode: 'chat' as const, messages: context.messages };
      return (await generateText(services, request, { signal, source: null })).text;
    },
  };
  const adapterName = target.lora === null ? '' : ` + ${basename(target.lora)}`;
  return { model, modelPath: resolved.path, label: `${resolved.name}${adapterName}` };
}
