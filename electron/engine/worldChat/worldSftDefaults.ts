/**
 * Defaults of a world SFT run, from what was measured on the nano preset (tests/integration/pretraining/
 * buildWorldModels.ts, bench/pretrainingBench.ts): 300 steps of 16 known-people questions at a 2e-3 peak turn the
 * base into a chat model that answers 86% of them exactly. The "I don't know" pass starts from that chat model and
 * takes fewer, gentler steps so it keeps the answers it has: 200 steps at 1e-3 took refusals about nonexistent
 * people from 0/40 to 39/40 with known answers at 31/40 (from 34/40) (tests/integration/worldChat/worldChatLoop.test.ts).
 */
export const worldSftDefaults = {
  'known-qa': { steps: 300, learningRate: 2e-3 },
  idk: { steps: 200, learningRate: 1e-3 },
} as const;

/** Questions per optimizer step. */
export const worldSftBatch = 16;

/** Longest micro-batch of packed conversations: the nano preset's context (a world question and its answer are a few dozen tokens). */
export const worldSftContext = 256;
