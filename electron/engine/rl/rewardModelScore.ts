import { inspectGguf } from '../gguf/inspectGguf.ts';
import { judgeRenderer } from '../rewardModel/judgeText.ts';
import { readRewardManifest } from '../rewardModel/rewardModelManifest.ts';
import type { NativeTrainerBinding, TrainingSession } from '../training/native/nativeTrainerApi.ts';
import type { RewardModelScore } from './grpoRewards.ts';

/**
 * A reward model's score inside the trainer host, where GRPO runs: the same r(x, y) = log p(judge token | judge
 * text) under base + reward LoRA that the inference host's scorer (rewardModel/scoreAnswer.ts) computes — the judge
 * text from the same judgeText.ts, the judge token id from the adapter's manifest — evaluated by a second native
 * session holding the reward adapter, so a GRPO step never waits for another process. BOS is added when the model
 * wants one and special-token spellings are parsed, as the judge text is read everywhere.
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
  const score: RewardModelScore = async (prompt, reply) => {
    const text = renderer.text([{ role: 'user', content: prompt }], [{ role: 'assistant', content: reply }]);
    const context = session.tokenize(text, { special: true, addBos: true });
    const tokens = Int32Array.from([...context, manifest.judgeTokenId]);
    const trainMask = new Uint8Array(tokens.length);
    trainMask[tokens.length - 1] = 1;
    const [result] = await session.sequenceLogProbs([{ tokens, trainMask }]);
    return result!.logProb;
  };
  return { score, session };
}
