import type { SequenceLogProbs, TrainingSequence, TrainingSession } from '../training/native/nativeTrainerApi.ts';

/**
 * Per-token log-probs under the KL reference: the policy the run started from. TRL's reference is a frozen copy of
 * the initial model; with a warm-start adapter (a short SFT) that is base + that adapter, so the KL keeps the policy
 * near the SFT model rather than pulling it back to the base it was tuned away from. A fresh adapter starts with
 * B = 0, i.e. exactly the base, which the session evaluates with the adapter off; a warm start keeps a copy of the
 * starting LoRA tensors (a few MB) and swaps them in for the reference pass.
 */
export interface ReferencePolicy {
  logProbs(sequences: readonly TrainingSequence[]): Promise<SequenceLogProbs[]>;
}

export function baseReference(session: TrainingSession): ReferencePolicy {
  return { logProbs: (sequences) => session.sequenceLogProbs(sequences, { adapter: false }) };
}

/** Snapshot the session's trainable tensors now (call before a checkpoint is loaded over them). */
export function startingAdapterReference(session: TrainingSession): ReferencePolicy {
  const names = session.parameterNames();
  const start = new Map(names.map((name) => [name, session.readParameter(name)]));
  return {
    async logProbs(sequences) {
      const current = new Map(names.map((name) => [name, session.readParameter(name)]));
      for (const [name, values] of start) session.writeParameter(name, values);
      try {
        return await session.sequenceLogProbs(sequences);
      } finally {
        for (const [name, values] of current) session.writeParameter(name, values);
      }
    },
  };
}
