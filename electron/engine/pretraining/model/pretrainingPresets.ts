import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

/** A llama shape without its vocabulary (that comes from the trained tokenizer). */
export interface PretrainingShape {
  readonly layers: number;
  readonly embd: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly ffn: number;
  /** Training window (tokens per packed sequence) and the context length written into the model. */
  readonly ctx: number;
}

export interface PretrainingPreset {
  readonly name: string;
  readonly description: string;
  readonly shape: PretrainingShape;
  /** Vocabulary the preset is sized for (tokenizer train --vocab); the parameter count assumes it. */
  readonly suggestedVocab: number;
  /** Optimizer steps, windows per step and peak learning rate that work for the preset on the synthetic world. */
  readonly steps: number;
  readonly batchWindows: number;
  readonly learningRate: number;
}

/**
 * Tiny llama presets. 'nano' is the test size (seconds per hundred steps); 'tiny' (~1M parameters) is the default
 * that fits a 2-core laptop CPU; 'small' (~10M) and 'medium' (~30M) want more cores or patience. Head size 32–64.
 */
export const pretrainingPresets = {
  nano: {
    name: 'nano',
    description: 'about 0.2M parameters: for tests, trains in about a minute on 2 cores',
    shape: { layers: 2, embd: 64, heads: 2, kvHeads: 2, ffn: 192, ctx: 64 },
    suggestedVocab: 512,
    steps: 300,
    batchWindows: 4,
    learningRate: 5e-3,
  },
  tiny: {
    name: 'tiny',
    description: 'about 1M parameters: the default for a 2-core laptop CPU (a few minutes)',
    shape: { layers: 4, embd: 128, heads: 4, kvHeads: 4, ffn: 352, ctx: 128 },
    suggestedVocab: 512,
    steps: 1500,
    batchWindows: 4,
    learningRate: 3e-3,
  },
  small: {
    name: 'small',
    description: 'about 10M parameters: wants a fast CPU or an hour',
    shape: { layers: 6, embd: 320, heads: 5, kvHeads: 5, ffn: 864, ctx: 256 },
    suggestedVocab: 4096,
    steps: 2000,
    batchWindows: 8,
    learningRate: 1.5e-3,
  },
  medium: {
    name: 'medium',
    description: 'about 30M parameters: wants a GPU build or a long run',
    shape: { layers: 8, embd: 512, heads: 8, kvHeads: 8, ffn: 1376, ctx: 256 },
    suggestedVocab: 4096,
    steps: 4000,
    batchWindows: 8,
    learningRate: 1e-3,
  },
} as const satisfies Record<string, PretrainingPreset>;

export type PretrainingPresetName = keyof typeof pretrainingPresets;
export const pretrainingPresetNames = Object.keys(pretrainingPresets) as PretrainingPresetName[];

export function pretrainingPreset(name: string): PretrainingPreset {
  const preset = (pretrainingPresets as Record<string, PretrainingPreset | undefined>)[name];
  if (!preset) throw new WorkbenchError('bad_input', `Unknown preset "${name}": use one of ${pretrainingPresetNames.join(', ')}`, { field: 'preset' }, reason('pretraining_preset_unknown', { preset: name, presets: pretrainingPresetNames.join(', ') }));
  return preset;
}

/** Trainable parameters of a llama shape with separate input and output embeddings. */
export function parameterCount(shape: PretrainingShape, vocab: number): number {
  const headDim = shape.embd / shape.heads;
  const kvDim = shape.kvHeads * headDim;
  const perLayer = 2 * shape.embd + shape.embd * shape.embd * 2 + 2 * shape.embd * kvDim + 3 * shape.embd * shape.ffn;
  return shape.layers * perLayer + shape.embd + 2 * vocab * shape.embd;
}

export interface PretrainingEstimate {
  readonly parameters: number;
  readonly tokensPerStep: number;
  /** Training FLOPs per step (6 per parameter per token, plus attention). */
  readonly flopsPerStep: number;
  readonly seconds: number;
  /** Weights, gradients, two AdamW moments (all F32) plus activations and logits of one window. */
  readonly memoryBytes: number;
}

/**
 * Rough CPU throughput of the native trainer in training FLOPs per second per thread, measured on the 2-core Xeon
 * dev VM: nano ~20 GFLOP/s on 1 thread, tiny ~34 GFLOP/s on 2 (bench/pretrainingBench.ts). A planning number.
 */
export const cpuTrainFlopsPerThread = 1.6e10;

export function estimatePretraining(shape: PretrainingShape, vocab: number, steps: number, batchWindows: number, threads: number): PretrainingEstimate {
  const parameters = parameterCount(shape, vocab);
  const tokensPerStep = shape.ctx * batchWindows;
  const attention = 6 * shape.layers * shape.ctx * shape.embd * 2;
  const flopsPerStep = tokensPerStep * (6 * parameters + attention);
  const seconds = (flopsPerStep * steps) / (cpuTrainFlopsPerThread * Math.max(1, threads));
  const activations = shape.layers * shape.ctx * (12 * shape.embd + 4 * shape.ffn + 2 * shape.heads * shape.ctx) * 4;
  const logits = 3 * shape.ctx * vocab * 4;
  const memoryBytes = 16 * parameters + activations + logits;
  return { parameters, tokensPerStep, flopsPerStep, seconds, memoryBytes };
}
