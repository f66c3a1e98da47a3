import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { worldSftInputSchema, worldSftResultSchema, type WorldSftResult, type worldSftProgressSchema } from '../../shared/contract/worldChat.ts';
import { SeededRandom } from '../random/seededRandom.ts';
import { nanoOptimizer } from '../pretraining/run/nanoOptimizer.ts';
import { chatSequence, sessionEncoder } from '../pretraining/sft/worldQaSft.ts';
import type { NativeTrainerBinding, TrainingSequence, TrainingSession } from '../training/native/nativeTrainerApi.ts';
import { runStepLoop, withTrainingSession } from '../training/run/trainingLoop.ts';
import { idkExamples, knownQaExamples, type ChatExample } from './sftExamples.ts';
import { worldSftBatch, worldSftContext, worldSftDefaults } from './worldSftDefaults.ts';

/** What the engine sends the trainer host: paths resolved, the output chosen. */
export const worldSftRunSchema = worldSftInputSchema.extend({ outPath: z.string().min(1) });
export type WorldSftRun = z.input<typeof worldSftRunSchema>;
export type WorldSftRunResult = Omit<WorldSftResult, 'modelId'>;
export const worldSftRunResultSchema = worldSftResultSchema.omit({ modelId: true });

export type WorldSftStep = z.infer<typeof worldSftProgressSchema>;

function examplesOf(request: z.output<typeof worldSftRunSchema>): ChatExample[] {
  if (request.data === 'known-qa') return knownQaExamples(request.worldDir);
  if (!request.idkDataPath) throw new WorkbenchError('bad_input', 'SFT on "I don\'t know" data needs idkDataPath (worldChat.buildIdkData\'s sftPath)', { field: 'idkDataPath' }, reason('idk_data_needed', {}));
  return idkExamples(request.idkDataPath);
}

function sequencesOf(session: TrainingSession, examples: readonly ChatExample[], source: string): TrainingSequence[] {
  const encoder = sessionEncoder(session);
  return examples.map((example, index) => {
    const sequence = chatSequence(encoder, example.question, example.reply);
    if (sequence.tokens.length > session.info.contextLength) {
      throw new WorkbenchError('bad_input', `${source}: example ${index + 1} is ${sequence.tokens.length} tokens, longer than the ${session.info.contextLength}-token context`, {
        file: source,
        line: index + 1,
      }, reason('example_too_long', { file: source, example: index + 1, tokens: sequence.tokens.length, context: session.info.contextLength }));
    }
    return sequence;
  });
}

/**
 * Full-parameter SFT of a nano model on single-turn world chats (ChatML exactly as worldQaSft writes it, the loss
 * on the reply and <|im_end|>): each step draws `worldSftBatch` examples with a seeded generator, AdamW with a
 * short warm-up and cosine decay, then the whole model is saved as GGUF with the tokenizer and chat template it
 * came with. Tokenized by the session, i.e. by llama.cpp's reading of the model's own vocabulary, so training sees
 * the same tokens inference will. `signal` cancels within one step. Runs in the trainer host only.
 */
export async function runWorldSft(trainer: NativeTrainerBinding, input: WorldSftRun, onStep: (step: WorldSftStep) => void, signal?: AbortSignal): Promise<WorldSftRunResult> {
  const request = worldSftRunSchema.parse(input);
  const defaults = worldSftDefaults[request.data];
  const steps = request.steps ?? defaults.steps;
  const started = performance.now();
  const examples = examplesOf(request);
  const source = request.data === 'known-qa' ? `${request.worldDir}/qa.jsonl` : request.idkDataPath!;
  if (examples.length === 0) throw new WorkbenchError('bad_input', `${source} has no examples to train on`, { file: source }, reason('no_examples', { file: source }));
  const job = { what: 'World SFT', ...(signal ? { signal } : {}) };
  const open = () =>
    trainer.createSession({
      modelPath: request.modelPath,
      mode: 'full',
      contextLength: worldSftContext,
      ...(request.threads ? { threads: request.threads } : {}),
      seed: request.seed,
      optimizer: nanoOptimizer(request.learningRate ?? defaults.learningRate, steps),
    });
  return await withTrainingSession(job, open, async (session) => {
    const sequences = sequencesOf(session, examples, source);
    const random = new SeededRandom(request.seed, 'world sft order');
    const totals = await runStepLoop({
      ...job,
      first: 1,
      last: steps,
      learningRateField: 'learningRate',
      step: async () => session.trainStep({ sequences: Array.from({ length: worldSftBatch }, () => sequences[Math.floor(random.nextFloat() * sequences.length)]!) }),
      afterStep: (step, result) => onStep({ type: 'step', step, totalSteps: steps, loss: result.loss, elapsedMs: performance.now() - started }),
    });
    mkdirSync(dirname(request.outPath), { recursive: true });
    await session.saveModel(request.outPath);
    return {
      outPath: request.outPath,
      data: request.data,
      examples: examples.length,
      steps,
      initialLoss: totals.initialLoss,
      finalLoss: totals.recentLoss,
      seconds: (performance.now() - started) / 1000,
    };
  });
}
