import { inspectGguf } from '../gguf/inspectGguf.ts';
import { judgeSequence } from '../rewardModel/judgeSequence.ts';
import { judgeRenderer } from '../rewardModel/judgeText.ts';
import { readRewardManifest } from '../rewardModel/rewardModelManifest.ts';
import type { NativeTrainerBinding, TrainingSession } from '../training/native/nativeTrainerApi.ts';
import { sessionVocabulary } from '../training/run/tokenVocabulary.ts';
import type { RewardModelScore } from './grpoRewards.ts';

/**
 * A reward model's score inside the trainer host, where GRPO runs: the same r(x, y) = log p(judge token | judge
 * text) under base + reward LoRA that the inference host's scorer (rewardModel/scoreAnswer.ts) computes — the judge
 * text from the same judgeText.ts, the judge token id from the adapter's manifest — evaluated by a second native
 * session holding the reward adapter, so a GRPO step never waits for another process. The sequence is built by
 * judgeSequence, as in training: BOS when the model wants one, special-token spellings parsed, no EOS.
 */
export async function openRewardModelScore(
  trainer: NativeTrainerBinding,
  rewardModelPath: string,
  options: { contextLength: number; threads?: number },
): Promise<{ score: RewardModelScore; session: TrainingSession }> {
  const manifest = readRewardManifest(rewardModelPath);
  const renderer = judgeRenderer(inspectGguf(manifest.modelPath).chatTemplate ?? null);
  const session = await trainer.createSession({
    modelPath: manifest.modelPath,
    mode: 'lora',
    // rank and targets come from the adapter file
    lora: { rank: 1, alpha: 1, targets: ['q'], initAdapterPath: rewardModelPath },
    contextLength: options.contextLength,
    ...(options.threads ? { threads: options.threads } : {}),
    seed: 0,
    optimizer: { lr: 0, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, gradClip: 0, schedule: { kind: 'constant', warmupSteps: 0, totalSteps: 1 } },
  });
  const vocabulary = sessionVocabulary(session);
  const score: RewardModelScore = async (prompt, reply) => {
    const text = renderer.text([{ role: 'user', content: prompt }], [{ role: 'assistant', content: reply }]);
    // exactly the sequence training scored: the same tokenization, the judge token alone in the mask
    const [result] = await session.sequenceLogProbs([judgeSequence(vocabulary, text, manifest.judgeTokenId)]);
    return result!.logProb;
  };
  return { score, session };
}
