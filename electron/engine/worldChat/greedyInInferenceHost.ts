import type { SupervisedHost } from '../hosts/supervisedHost.ts';
import type { InferenceHostContract } from '../inference/inferenceHostContract.ts';
import type { HostGenerateInput } from '../inference/hostRequests.ts';
import type { GreedyText } from './runWorldProbe.ts';

const greedy = { temperature: 0, seed: 0 };

/**
 * Runs `body` with a GreedyText that generates in the inference host (node-llama-cpp, the model's own tokenizer,
 * raw prompts with special-token spellings parsed, up to the model's end of turn). Models the host did not have
 * loaded before are unloaded afterwards: a probe should not leave memory behind, and a model file rewritten at
 * the same path (a second SFT run) must be read again next time.
 */
export async function greedyInInferenceHost<T>(host: SupervisedHost<InferenceHostContract>, signal: AbortSignal, body: (generate: GreedyText) => Promise<T>): Promise<T> {
  const loadedBefore = new Set((await host.request('models.loaded', {}, { signal })).map((model) => model.path));
  const used = new Set<string>();
  const generate: GreedyText = async (modelPath, prompt, maxTokens) => {
    used.add(modelPath);
    // The rest (raw mode, one sample, no stop strings or log-probs) are the request's defaults.
    const request: HostGenerateInput = { modelPath, prompt, sampling: greedy, maxTokens };
    return (await host.request('generate.run', request, { signal })).text;
  };
  try {
    return await body(generate);
  } finally {
    for (const path of used) {
      if (!loadedBefore.has(path)) await host.request('models.unload', { modelPath: path }).catch(() => undefined);
    }
  }
}
