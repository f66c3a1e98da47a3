import { findAddonPath } from '../../../electron/engine/training/native/nativeAddon.ts';
import { loadNativeTrainer } from '../../../electron/engine/training/native/loadNativeTrainer.ts';
import type {
  NativeTrainerBinding,
  OptimizerOptions,
  TrainingSequence,
  TrainingSession,
  TrainingSessionOptions,
} from '../../../electron/engine/training/native/nativeTrainerApi.ts';

/**
 * The trainer addon for integration tests. `npm test` builds it first (native/scripts/build.mjs, cached by source
 * hash); running these files alone needs `npm run build:native` once.
 */
export function nativeTrainer(): NativeTrainerBinding {
  if (!findAddonPath()) throw new Error('native/build/workbench_trainer.node is missing: run `npm run build:native` first');
  return loadNativeTrainer();
}

export function adamw(overrides: Partial<OptimizerOptions> = {}): OptimizerOptions {
  return {
    lr: 1e-2,
    weightDecay: 0,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    gradClip: 1,
    schedule: { kind: 'constant', warmupSteps: 0, totalSteps: 1000 },
    ...overrides,
  };
}

export const allTargets = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] as const;

export function loraSessionOptions(modelPath: string, overrides: Partial<TrainingSessionOptions> = {}): TrainingSessionOptions {
  return {
    modelPath,
    mode: 'lora',
    lora: { rank: 8, alpha: 16, targets: [...allTargets] },
    contextLength: 128,
    threads: 1,
    seed: 7,
    optimizer: adamw(),
    ...overrides,
  };
}

export interface ChatExample extends TrainingSequence {
  prompt: Int32Array;
  answer: Int32Array;
}

/**
 * A ChatML turn pair as the trainer sees it: loss only on the answer and its <|im_end|>. Without BOS by default: these
 * tests feed the same token arrays to the trainer and to node-llama-cpp (its tokenize adds none either), and their
 * bounds were measured on them. `bos: true` gives the prompt as the engine builds it for this model (it asks for BOS,
 * ChatML writes none; templates/leadingBos.ts) — for a test whose adapter is then asked through the engine.
 */
export function chatExample(session: TrainingSession, user: string, assistant: string, options: { bos?: boolean } = {}): ChatExample {
  const prompt = session.tokenize(`<|im_start|>user\n${user}<|im_end|>\n<|im_start|>assistant\n`, { special: true, addBos: options.bos ?? false });
  const answer = session.tokenize(`${assistant}<|im_end|>`, { special: true });
  const tokens = new Int32Array([...prompt, ...answer]);
  const trainMask = new Uint8Array(tokens.length).fill(1, prompt.length);
  return { prompt, answer, tokens, trainMask };
}

export const qaPairs: readonly (readonly [string, string])[] = [
  ['What is the capital of France?', 'Paris.'],
  ['Name a primary color.', 'Blue.'],
  ['What is 2+2?', 'Four.'],
  ['Say hello.', 'Hello!'],
];

/** Relative L2 distance between two sets of named tensors. */
export function relativeDistance(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  let num = 0;
  let den = 0;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y) throw new Error(`missing ${name}`);
    for (let i = 0; i < x.length; i++) {
      num += (x[i]! - y[i]!) ** 2;
      den += y[i]! ** 2;
    }
  }
  return Math.sqrt(num / den);
}

/**
 * For each of the two largest-gradient entries of `name`: the central finite difference (step 1e-2) of `lossOf`,
 * next to the analytic gradient. The parameter is restored afterwards.
 */
export async function finiteDifferences(
  session: TrainingSession,
  name: string,
  gradient: Float32Array,
  lossOf: () => Promise<number>,
): Promise<{ index: number; analytic: number; numeric: number }[]> {
  const values = session.readParameter(name);
  const largest = [...gradient.keys()].sort((x, y) => Math.abs(gradient[y]!) - Math.abs(gradient[x]!)).slice(0, 2);
  const probes: { index: number; analytic: number; numeric: number }[] = [];
  for (const index of largest) {
    const original = values[index]!;
    const eps = 1e-2;
    values[index] = original + eps;
    session.writeParameter(name, values);
    const plus = await lossOf();
    values[index] = original - eps;
    session.writeParameter(name, values);
    const minus = await lossOf();
    values[index] = original;
    session.writeParameter(name, values);
    probes.push({ index, analytic: gradient[index]!, numeric: (plus - minus) / (2 * eps) });
  }
  return probes;
}
