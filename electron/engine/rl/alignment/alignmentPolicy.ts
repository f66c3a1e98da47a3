import { inspectGguf } from '../../gguf/inspectGguf.ts';
import type { NativeTrainerBinding, OptimizerOptions, TrainingSequence, TrainingSession } from '../../training/native/nativeTrainerApi.ts';
import { loraTargets } from '../../training/native/nativeTrainerApi.ts';
import { GrpoChat } from '../grpoChat.ts';
import type { CompareAlignmentConfig } from '../../../shared/contract/alignmentComparison.ts';

/** Context of every session: a world question and its reply are a few dozen tokens. */
export const alignmentContext = 128;

/**
 * The optimizer every method uses, GRPO's own (constant learning rate, AdamW without weight decay, clipping at 1),
 * so the three differ only in their learning signal.
 */
export function alignmentOptimizer(config: CompareAlignmentConfig, steps: number): OptimizerOptions {
  return { lr: config.learningRate, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, gradClip: 1, schedule: { kind: 'constant', warmupSteps: 0, totalSteps: Math.max(1, steps) } };
}

export interface AlignmentPolicy {
  readonly session: TrainingSession;
  readonly chat: GrpoChat;
  /** The question rendered as the chat model was trained (ChatML with the assistant's opening). */
  prompt(question: string): Int32Array;
  /** Question + reply + end of turn, the loss on the reply and the end of turn: what SFT and DPO train. */
  sequence(question: string, reply: string): TrainingSequence;
}

/** A LoRA session on the chat model, starting from `adapterPath` when given (a fresh adapter is the chat model itself). */
export async function openAlignmentPolicy(
  trainer: NativeTrainerBinding,
  config: CompareAlignmentConfig,
  adapterPath: string | null,
  steps: number,
): Promise<AlignmentPolicy> {
  const session = await trainer.createSession({
    modelPath: config.modelPath,
    mode: 'lora',
    lora: { rank: config.loraRank, alpha: 2 * config.loraRank, targets: [...loraTargets], ...(adapterPath ? { initAdapterPath: adapterPath } : {}) },
    contextLength: alignmentContext,
    ...(config.threads ? { threads: config.threads } : {}),
    seed: config.seed,
    optimizer: alignmentOptimizer(config, steps),
  });
  try {
    const chat = new GrpoChat(session, inspectGguf(config.modelPath).chatTemplate ?? null);
    const prompts = new Map<string, Int32Array>();
    const prompt = (question: string) => {
      let tokens = prompts.get(question);
      if (!tokens) prompts.set(question, (tokens = chat.prompt(question)));
      return tokens;
    };
    return {
      session,
      chat,
      prompt,
      sequence: (question, reply) => chat.sequence(prompt(question), session.tokenize(reply, { special: false, addBos: false }), true),
    };
  } catch (error) {
    session.dispose();
    throw error;
  }
}
