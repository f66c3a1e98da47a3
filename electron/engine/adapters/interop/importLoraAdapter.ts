import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { gguf } from '../../gguf/ggufValues.ts';
import { shareAlpha } from './adapterAlpha.ts';
import { readBaseModelFacts } from './baseModelFacts.ts';
import { baseModelMetadata } from './baseModelIdentity.ts';
import { fitToBase } from './fitToBase.ts';
import { mlxWeightsFile, readMlxAdapter } from './readMlxAdapter.ts';
import { peftWeightsFile, readPeftAdapter, type ReadAdapter } from './readPeftAdapter.ts';
import { writeGgufLoraAdapter } from './writeGgufLoraAdapter.ts';

export type ForeignAdapterFormat = 'peft' | 'mlx';

export interface ImportLoraOptions {
  /** The adapter folder (or a file inside it). */
  readonly from: string;
  /** The base GGUF the adapter will be used with. */
  readonly basePath: string;
  readonly out: string;
  readonly name?: string;
}

export interface ImportLoraResult {
  readonly path: string;
  readonly sizeBytes: number;
  readonly format: ForeignAdapterFormat;
  readonly basePath: string;
  readonly architecture: string;
  readonly alpha: number;
  readonly ranks: readonly number[];
  /** Adapted base tensors, e.g. blk.0.attn_q.weight. */
  readonly targets: readonly string[];
  /** Targets whose lora_B rows were reordered for llama.cpp's q/k layout. */
  readonly permutedQK: readonly string[];
  /** Source modules whose B carries a scale ratio so one alpha serves them all. */
  readonly rescaled: readonly string[];
  /** What the adapter's own config named as its base (often the training machine's path). */
  readonly declaredBase: string | null;
  readonly notes: readonly string[];
}

/** Which format a folder holds, by its weights file; a PyTorch pickle is refused (it can run code when loaded). */
export function detectAdapterFormat(from: string): { folder: string; format: ForeignAdapterFormat } {
  const path = resolve(from);
  if (!existsSync(path)) throw new WorkbenchError('not_found', `No adapter folder at ${path}`, { field: 'from', file: path }, reason('folder_not_found', { folder: path }));
  const folder = statSync(path).isDirectory() ? path : dirname(path);
  if (existsSync(join(folder, peftWeightsFile))) return { folder, format: 'peft' };
  if (existsSync(join(folder, mlxWeightsFile))) return { folder, format: 'mlx' };
  if (existsSync(join(folder, 'adapter_model.bin'))) {
    throw new WorkbenchError('unsupported', `${folder} holds adapter_model.bin, a PyTorch pickle; save the adapter with safe_serialization=True (adapter_model.safetensors)`, {
      field: 'from',
      file: join(folder, 'adapter_model.bin'),
    }, reason('interop_pytorch_pickle', { folder }));
  }
  throw new WorkbenchError('bad_input', `${folder} is not a LoRA adapter folder: expected ${peftWeightsFile} (PEFT) or ${mlxWeightsFile} (MLX) next to adapter_config.json`, {
    field: 'from',
    file: folder,
  }, reason('interop_not_adapter_folder', { folder }));
}

/** A PEFT or MLX LoRA adapter becomes a llama.cpp GGUF adapter for the base the user picked. */
export async function importLoraAdapter(options: ImportLoraOptions): Promise<ImportLoraResult> {
  const { folder, format } = detectAdapterFormat(options.from);
  if (resolve(options.out) === resolve(options.basePath)) {
    throw new WorkbenchError('bad_input', `The output ${resolve(options.out)} is the base model itself; write the adapter to another file`, { field: 'out', file: resolve(options.out) }, reason('output_is_input', { file: resolve(options.out) }));
  }
  const base = readBaseModelFacts(resolve(options.basePath));
  const read: ReadAdapter = format === 'peft' ? readPeftAdapter(folder) : readMlxAdapter(folder);
  const sourceFile = join(folder, format === 'peft' ? peftWeightsFile : mlxWeightsFile);
  const fitted = fitToBase(read.pairs, base, sourceFile);
  const shared = shareAlpha(fitted.pairs, sourceFile);
  const written = await writeGgufLoraAdapter(resolve(options.out), {
    architecture: base.architecture,
    alpha: shared.alpha,
    name: options.name ?? basename(folder),
    pairs: shared.pairs,
    extra: [
      ['workbench.import.format', gguf.string(format)],
      ...(base.name ? [['workbench.base_model.name', gguf.string(base.name)] as const] : []),
      ...baseModelMetadata(read.declaredBase),
    ],
  });
  return {
    path: written.path,
    sizeBytes: written.sizeBytes,
    format,
    basePath: base.path,
    architecture: base.architecture,
    alpha: shared.alpha,
    ranks: [...new Set(shared.pairs.map((pair) => pair.rank))].sort((a, b) => a - b),
    targets: shared.pairs.map((pair) => pair.target),
    permutedQK: fitted.permuted,
    rescaled: shared.rescaled,
    declaredBase: read.declaredBase,
    notes: read.notes,
  };
}
