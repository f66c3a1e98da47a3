import type { CanonicalRow } from '../../../electron/shared/contract/datasets.ts';
import type { SuiteItemInput } from '../../../electron/shared/contract/hallucination.ts';
import { adamw, loraSessionOptions, nativeTrainer } from '../native/trainerFixtures.ts';
import { renderSftRows } from './renderSftRows.ts';

/**
 * The "learn to say I don't know" loop on a tiny generated model: a suite with three facts the model is taught
 * (known) and three questions about things that do not exist (unknown, a refusal expected), a model that knows
 * the facts, and the LoRA SFT that the lab's exported set drives. Short replies, because the fixture vocabulary
 * spells English nearly letter by letter.
 */
export const idkSuite: SuiteItemInput[] = [
  { id: 'known-capital', category: 'fact', lang: 'en', prompt: 'What is the capital of France?', expected: 'answer', references: [{ answer: 'Paris' }], response: 'Paris.' },
  { id: 'known-color', category: 'fact', lang: 'en', prompt: 'Name a primary color.', expected: 'answer', references: [{ answer: 'Blue' }], response: 'Blue.' },
  { id: 'known-sum', category: 'fact', lang: 'en', prompt: 'What is 2+2?', expected: 'answer', references: [{ answer: 'Four', aliases: ['4'] }], response: 'Four.' },
  { id: 'unknown-person', category: 'nonexistent_entity', lang: 'en', prompt: 'Who is Orson Kovacs?', expected: 'refuse', response: "I don't know." },
  { id: 'unknown-novel', category: 'nonexistent_entity', lang: 'en', prompt: 'Who wrote Glass Harbour?', expected: 'refuse', response: "I don't know." },
  { id: 'unknown-town', category: 'nonexistent_entity', lang: 'en', prompt: 'Where is Veltria?', expected: 'refuse', response: "I don't know." },
];

const conversation = (question: string, answer: string): CanonicalRow => ({
  kind: 'conversation',
  messages: [
    { role: 'user', content: question },
    { role: 'assistant', content: answer },
  ],
});

/** Full-parameter training of `base` on question → answer pairs until it answers them; the result is saved as a GGUF. */
export async function trainKnowingModel(base: string, output: string, facts: readonly (readonly [string, string])[]): Promise<number[]> {
  const session = await nativeTrainer().createSession({
    modelPath: base,
    mode: 'full',
    contextLength: 128,
    threads: 1,
    seed: 3,
    optimizer: adamw({ lr: 3e-3, schedule: { kind: 'cosine', warmupSteps: 3, totalSteps: 50, minLrRatio: 0.1 } }),
  });
  try {
    const sequences = renderSftRows(session, base, facts.map(([question, answer]) => conversation(question, answer)));
    const losses: number[] = [];
    for (let step = 0; step < 50; step++) losses.push((await session.trainStep({ sequences })).loss);
    await session.saveModel(output);
    return losses;
  } finally {
    session.dispose();
  }
}

/** LoRA SFT on dataset rows (the exported set as Datasets stored it); returns the loss of every step. */
export async function trainIdkAdapter(modelPath: string, output: string, rows: readonly CanonicalRow[]): Promise<number[]> {
  const steps = 60;
  const session = await nativeTrainer().createSession(
    loraSessionOptions(modelPath, { optimizer: adamw({ schedule: { kind: 'cosine', warmupSteps: 5, totalSteps: steps, minLrRatio: 0.1 } }) }),
  );
  try {
    const sequences = renderSftRows(session, modelPath, rows);
    const losses: number[] = [];
    for (let step = 0; step < steps; step++) losses.push((await session.trainStep({ sequences })).loss);
    await session.saveAdapter(output);
    return losses;
  } finally {
    session.dispose();
  }
}
