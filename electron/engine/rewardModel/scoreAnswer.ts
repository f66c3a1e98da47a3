import { WorkbenchError } from '../../shared/contract/errors.ts';
import { inspectGguf } from '../gguf/inspectGguf.ts';
import type { SupervisedHost } from '../hosts/supervisedHost.ts';
import type { InferenceHostContract } from '../inference/inferenceHostContract.ts';
import { judgeRenderer, type JudgeMessage, type JudgeRenderer } from './judgeText.ts';
import { readRewardManifest, type RewardManifest } from './rewardModelManifest.ts';

/** A prompt as a plain user message, or the conversation before the answer. */
export type RewardPrompt = string | readonly JudgeMessage[];

export interface RewardScorer {
  readonly manifest: RewardManifest;
  /** r(prompt, answer) = log p(judge token | judge text) under base + reward LoRA, in nats; higher is better. */
  score(prompt: RewardPrompt, answer: string, signal?: AbortSignal): Promise<number>;
}

const asMessages = (prompt: RewardPrompt): readonly JudgeMessage[] => (typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt);

/**
 * A reward model ready to score answers in the inference host (node-llama-cpp with the reward LoRA on its base):
 * the judge text is rendered here by the same judgeText.ts training used, the host reads it as a raw prompt (BOS and
 * special tokens as training tokenized it) and returns the log-prob of the manifest's judge token after it.
 * This is the reward the GRPO trainer and best-of-N use. `modelPath` defaults to the base in the manifest.
 */
export function rewardModelScorer(inference: SupervisedHost<InferenceHostContract>, rewardModelPath: string, modelPath?: string): RewardScorer {
  const manifest = readRewardManifest(rewardModelPath);
  const base = modelPath ?? manifest.modelPath;
  let renderer: JudgeRenderer | null = null;
  return {
    manifest,
    async score(prompt, answer, signal) {
      renderer ??= judgeRenderer(inspectGguf(base).chatTemplate ?? null);
      const text = renderer.text(asMessages(prompt), [{ role: 'assistant', content: answer }]);
      const result = await inference.request(
        'generate.score',
        {
          modelPath: base,
          adapters: [{ path: rewardModelPath, scale: 1 }],
          mode: 'raw',
          prompt: text,
          messages: [],
          template: null,
          text: '',
          tokens: [manifest.judgeTokenId],
          top: 0,
        },
        signal ? { signal } : {},
      );
      const logprob = result.tokens[0]?.logprob;
      if (typeof logprob !== 'number') throw new WorkbenchError('internal', 'The inference host returned no log-prob for the judge token', { field: 'rewardModel' });
      return logprob;
    },
  };
}

/** One score: model + reward adapter + prompt + answer → r(prompt, answer). */
export async function scoreAnswer(
  inference: SupervisedHost<InferenceHostContract>,
  request: { rewardModel: string; modelPath?: string; prompt: RewardPrompt; answer: string },
  signal?: AbortSignal,
): Promise<{ score: number; judgeTokenId: number }> {
  const scorer = rewardModelScorer(inference, request.rewardModel, request.modelPath);
  return { score: await scorer.score(request.prompt, request.answer, signal), judgeTokenId: scorer.manifest.judgeTokenId };
}
