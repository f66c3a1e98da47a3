import { llamaFileTypeFor } from '../../gguf/ggmlTypes.ts';
import { gguf, type GgufValue } from '../../gguf/ggufValues.ts';
import { writeGguf, type GgufTensorSource } from '../../gguf/ggufWriter.ts';
import { resolveLlamaModelShape } from '../../gguf/llamaModelShape.ts';
import { llamaTensorPlan, seededValues, type LlamaTensorPlan } from '../../gguf/makeRandomLlamaModel.ts';
import { bpeGgufMetadata } from '../tokenizer/bpeGgufMetadata.ts';
import type { BpeTokenizer } from '../tokenizer/bpeTokenizer.ts';
import { parameterCount, type PretrainingShape } from './pretrainingPresets.ts';

export interface InitialModel {
  readonly path: string;
  readonly sizeBytes: number;
  readonly parameters: number;
  readonly vocab: number;
}

/**
 * Initial distributions for pretraining: the fan-in init of the random test models, with the two projections
 * that write into the residual stream scaled by 1/sqrt(2·layers) (GPT-2's rule, so the stream does not grow with
 * depth) and a soft output head, so the first loss is close to ln(vocab) — the "knows nothing" baseline.
 */
function pretrainingInit(tensor: LlamaTensorPlan, layers: number): LlamaTensorPlan['init'] {
  if (tensor.init.kind !== 'normal') return tensor.init;
  if (/attn_output|ffn_down/.test(tensor.name)) return { kind: 'normal', std: tensor.init.std / Math.sqrt(2 * layers) };
  if (tensor.name === 'output.weight') return { kind: 'normal', std: 0.5 / Math.sqrt(tensor.dims[0]) };
  return tensor.init;
}

/**
 * Writes a randomly initialised llama model (all F32, so every tensor is trainable in full mode) carrying the
 * trained BPE tokenizer and the ChatML template. Deterministic per seed.
 */
export async function writeInitialModel(path: string, shape: PretrainingShape, tokenizer: BpeTokenizer, seed: number, name: string): Promise<InitialModel> {
  const vocab = tokenizer.vocabSize;
  const llamaShape = resolveLlamaModelShape({ ...shape, vocab, seed, type: 'f32' });
  const plan = llamaTensorPlan(llamaShape);
  const tensors: GgufTensorSource[] = plan.map((tensor) => ({
    name: tensor.name,
    type: 'F32',
    dims: tensor.dims,
    values: seededValues(seed, tensor.name, tensor.dims.reduce((a, b) => a * b, 1), pretrainingInit(tensor, shape.layers)),
  }));
  const headDim = shape.embd / shape.heads;
  const metadata = new Map<string, GgufValue>([
    ['general.architecture', gguf.string('llama')],
    ['general.name', gguf.string(name)],
    ['general.description', gguf.string('Pretrained from scratch in LLM Workbench (nano pretraining).')],
    ['general.file_type', gguf.uint32(llamaFileTypeFor('F32'))],
    // Trained on ctx-token windows, but chat prompts need room: RoPE runs at any position, so allow at least 256.
    ['llama.context_length', gguf.uint32(Math.max(shape.ctx, 256))],
    ['llama.embedding_length', gguf.uint32(shape.embd)],
    ['llama.block_count', gguf.uint32(shape.layers)],
    ['llama.feed_forward_length', gguf.uint32(shape.ffn)],
    ['llama.attention.head_count', gguf.uint32(shape.heads)],
    ['llama.attention.head_count_kv', gguf.uint32(shape.kvHeads)],
    ['llama.rope.dimension_count', gguf.uint32(headDim)],
    ['llama.rope.freq_base', gguf.float32(10_000)],
    ['llama.attention.layer_norm_rms_epsilon', gguf.float32(1e-5)],
    ['llama.vocab_size', gguf.uint32(vocab)],
    ...bpeGgufMetadata(tokenizer),
  ]);
  const written = await writeGguf(path, { metadata, tensors });
  return { path: written.path, sizeBytes: written.sizeBytes, parameters: parameterCount(shape, vocab), vocab };
}
