/**
 * Reference models for adapter tests, built from a generated llama GGUF without any Python:
 *
 * - the Hugging Face layout twin: the same weights under llama.cpp's `qwen2` architecture, which rotates query/key
 *   halves (NeoX RoPE) the way Hugging Face's llama does, with q/k rows put back in Hugging Face's order. If the
 *   reorder is right, it computes exactly what the llama model computes, so a PEFT adapter can be applied to it
 *   without any conversion — an independent reference for what a converted adapter must do on the llama base.
 * - merged models: the base with W + scale·B·A written into its weights, the "math" an adapter must match.
 */
import { getLlama, LlamaLogLevel, type Llama, type LlamaModel, type Token } from 'node-llama-cpp';
import { readGgufTensorValues } from '../../../electron/engine/adapters/interop/ggufTensorValues.ts';
import { metadataNumber, readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { writeGguf } from '../../../electron/engine/gguf/ggufWriter.ts';
import { gguf, type GgufValue } from '../../../electron/engine/gguf/ggufValues.ts';
import { referenceQkUnpermute } from '../../helpers/foreignAdapters.ts';

/** The llama model as `qwen2` (NeoX RoPE); with `unpermute`, q/k rows in Hugging Face's order. */
export async function writeNeoxTwin(llamaPath: string, out: string, options: { unpermute: boolean }): Promise<void> {
  const file = readGguf(llamaPath);
  const heads = metadataNumber(file.metadata, 'llama.attention.head_count')!;
  const kvHeads = metadataNumber(file.metadata, 'llama.attention.head_count_kv')!;
  const metadata = new Map<string, GgufValue>();
  for (const [key, value] of file.metadata) metadata.set(key.startsWith('llama.') ? `qwen2.${key.slice(6)}` : key, value);
  metadata.set('general.architecture', gguf.string('qwen2'));
  await writeGguf(out, {
    metadata,
    tensors: file.tensors.map((tensor) => {
      let values = readGgufTensorValues(file, tensor);
      const [inputs, outputs] = tensor.dims as [number, number];
      if (options.unpermute && /\.attn_q\.weight$/.test(tensor.name)) values = referenceQkUnpermute(values, outputs, inputs, heads);
      if (options.unpermute && /\.attn_k\.weight$/.test(tensor.name)) values = referenceQkUnpermute(values, outputs, inputs, kvHeads);
      return { name: tensor.name, type: 'F32' as const, dims: tensor.dims, values };
    }),
  });
}

export interface WeightDelta {
  /** GGUF tensor name, e.g. blk.0.attn_v.weight */
  readonly target: string;
  readonly scale: number;
  /** [outputs, rank] and [rank, inputs], row-major (PEFT's B and A, already in the target model's row order). */
  readonly b: Float32Array;
  readonly a: Float32Array;
  readonly rank: number;
}

/** The base with each target's W replaced by W + scale·B·A (ggml stores W as `outputs` rows of `inputs` values). */
export async function writeMergedModel(basePath: string, out: string, deltas: readonly WeightDelta[]): Promise<void> {
  const file = readGguf(basePath);
  const byTarget = new Map(deltas.map((delta) => [delta.target, delta]));
  await writeGguf(out, {
    metadata: file.metadata,
    tensors: file.tensors.map((tensor) => {
      const values = readGgufTensorValues(file, tensor);
      const delta = byTarget.get(tensor.name);
      if (delta) {
        const [inputs, outputs] = tensor.dims as [number, number];
        for (let row = 0; row < outputs; row++) {
          for (let column = 0; column < inputs; column++) {
            let sum = 0;
            for (let r = 0; r < delta.rank; r++) sum += delta.b[row * delta.rank + r]! * delta.a[r * inputs + column]!;
            values[row * inputs + column] = values[row * inputs + column]! + delta.scale * sum;
          }
        }
      }
      return { name: tensor.name, type: 'F32' as const, dims: tensor.dims, values };
    }),
  });
}

/** node-llama-cpp on the CPU, one thread per context (see tests/helpers/fixtureModels.ts). */
export class LlamaProbe {
  private llama: Llama | null = null;
  private readonly models = new Map<string, LlamaModel>();

  async model(path: string): Promise<LlamaModel> {
    this.llama ??= await getLlama({ gpu: false, build: 'never', progressLogs: false, logLevel: LlamaLogLevel.error });
    let model = this.models.get(path);
    if (!model) {
      model = await this.llama.loadModel({ modelPath: path, gpuLayers: 0 });
      this.models.set(path, model);
    }
    return model;
  }

  /** The next-token distribution after the prompt. */
  async next(path: string, prompt: string, lora?: string): Promise<Map<Token, number>> {
    const model = await this.model(path);
    const context = await model.createContext({ contextSize: 256, threads: 1, ...(lora ? { lora } : {}) });
    try {
      for await (const output of context.getSequence().evaluateWithMetadata(model.tokenize(prompt), { probabilities: true }, { temperature: 0 })) {
        return output.probabilities;
      }
      throw new Error('no token was generated');
    } finally {
      await context.dispose();
    }
  }

  /** Greedy continuation: the answer a user would see at temperature 0. */
  async greedy(path: string, prompt: string, count: number, lora?: string): Promise<Token[]> {
    const model = await this.model(path);
    const context = await model.createContext({ contextSize: 256, threads: 1, ...(lora ? { lora } : {}) });
    try {
      const tokens: Token[] = [];
      for await (const token of context.getSequence().evaluate(model.tokenize(prompt), { temperature: 0 })) {
        tokens.push(token);
        if (tokens.length >= count) break;
      }
      return tokens;
    } finally {
      await context.dispose();
    }
  }

  async dispose(): Promise<void> {
    for (const model of this.models.values()) await model.dispose();
    await this.llama?.dispose();
  }
}

/** Total variation distance between two next-token distributions (0 = identical, 1 = disjoint). */
export function distance(a: Map<Token, number>, b: Map<Token, number>): number {
  let sum = 0;
  for (const token of new Set([...a.keys(), ...b.keys()])) sum += Math.abs((a.get(token) ?? 0) - (b.get(token) ?? 0));
  return sum / 2;
}
