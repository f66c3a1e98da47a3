import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { metadataNumber } from '../../gguf/ggufReader.ts';
import { architecturePermutesQK, qkHeadsFor, readBaseModelFacts, supportedArchitectures, type BaseModelFacts } from './baseModelFacts.ts';
import { baseModelIdFor, type BaseModelId } from './baseModelIdentity.ts';
import { fitToBase } from './fitToBase.ts';
import { shortModuleName } from './hfModuleNames.ts';
import { withB, type LoraPair } from './loraPair.ts';
import { peftConfigFile, peftWeightsFile } from './readPeftAdapter.ts';
import { permuteHeadRows } from './qkPermutation.ts';
import { readGgufLoraAdapter } from './readGgufLoraAdapter.ts';
import { writeSafetensors } from './safetensorsWriter.ts';

export interface ExportPeftOptions {
  readonly adapterPath: string;
  readonly outDir: string;
  /** The base GGUF: needed for q/k on llama bases (head counts), and used to check shapes and name the base. */
  readonly basePath?: string;
  /** The Hugging Face id to write as base_model_name_or_path, overriding what the files say. */
  readonly baseModelId?: string;
  /** Replace files in a non-empty output folder. */
  readonly overwrite?: boolean;
}

export interface ExportPeftResult {
  readonly outDir: string;
  readonly files: readonly string[];
  readonly r: number;
  readonly loraAlpha: number;
  readonly targetModules: readonly string[];
  readonly baseModel: BaseModelId;
  /** Targets whose lora_B rows were put back in Hugging Face's q/k order. */
  readonly unpermutedQK: readonly string[];
  readonly notes: readonly string[];
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

function checkOutDir(outDir: string, overwrite: boolean): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !overwrite) {
    throw new WorkbenchError('conflict', `${outDir} is not empty; choose an empty folder or overwrite`, { field: 'out', file: outDir }, reason('folder_not_empty', { folder: outDir }));
  }
  mkdirSync(outDir, { recursive: true });
}

/** Layers every target module covers, when they all cover the same proper subset of the base's layers. */
function layersToTransform(pairs: readonly LoraPair[], base: BaseModelFacts | null): number[] | null {
  const blockCount = base ? metadataNumber(base.file.metadata, `${base.architecture}.block_count`) : undefined;
  if (blockCount === undefined) return null;
  const byModule = new Map<string, Set<number>>();
  for (const pair of pairs) {
    const layer = /^blk\.(\d+)\./.exec(pair.target);
    if (!layer) return null;
    const name = shortModuleName(pair.source);
    byModule.set(name, (byModule.get(name) ?? new Set()).add(Number(layer[1])));
  }
  const sets = [...byModule.values()].map((set) => [...set].sort((a, b) => a - b).join(','));
  if (new Set(sets).size !== 1) return null;
  const layers = [...byModule.values().next().value!].sort((a, b) => a - b);
  return layers.length < blockCount ? layers : null;
}

/**
 * A llama.cpp GGUF LoRA adapter becomes a PEFT folder (adapter_config.json + adapter_model.safetensors) that
 * transformers/PEFT and vLLM load: tensors renamed to PEFT's, q/k lora_B rows put back in Hugging Face's order
 * for llama bases, alpha and ranks carried so PEFT's alpha/r equals llama.cpp's.
 */
export async function exportPeftAdapter(options: ExportPeftOptions): Promise<ExportPeftResult> {
  const adapterPath = resolve(options.adapterPath);
  const adapter = readGgufLoraAdapter(adapterPath);
  const base = options.basePath ? readBaseModelFacts(resolve(options.basePath)) : null;
  if (base && base.architecture !== adapter.architecture) {
    throw new WorkbenchError('bad_input', `${adapterPath} is for ${adapter.architecture} but the base ${base.path} is ${base.architecture}`, { field: 'base', file: base.path }, reason('interop_architecture_mismatch', { adapter: adapterPath, adapterArchitecture: adapter.architecture, base: base.path, baseArchitecture: base.architecture }));
  }
  const permutesQK = architecturePermutesQK(adapter.architecture);
  if (permutesQK === undefined) {
    throw new WorkbenchError('unsupported', `${adapterPath}: architecture "${adapter.architecture}" has no tensor map for export yet; supported: ${supportedArchitectures.join(', ')}`, {
      field: 'general.architecture',
      file: adapterPath,
    }, reason('interop_architecture_unsupported', { architecture: adapter.architecture, supported: supportedArchitectures.join(', ') }));
  }
  // Shapes are checked against the base when there is one; fitToBase never reorders here (that is the import
  // direction), so its pairs are only used for the order and the check.
  const checked = base ? fitToBase(adapter.pairs, { ...base, permutesQK: false }, adapterPath).pairs : adapter.pairs;

  const unpermutedQK: string[] = [];
  const pairs = checked.map((pair) => {
    if (!permutesQK || !/^blk\.\d+\.attn_[qk]\.weight$/.test(pair.target)) return pair;
    if (!base) {
      throw new WorkbenchError('bad_input', `${adapterPath} adapts ${pair.target} of a ${adapter.architecture} model: putting its rows back in Hugging Face's order needs the head counts, so give the base model (a GGUF)`, {
        field: 'base',
        file: adapterPath,
      }, reason('interop_export_needs_base', { file: adapterPath }));
    }
    unpermutedQK.push(pair.target);
    return withB(pair, permuteHeadRows(pair.b, pair.outputs, pair.rank, qkHeadsFor(base, pair.target)!, 'gguf-to-hf', `${pair.target}.lora_b`));
  });

  const r = mostCommon(pairs.map((pair) => pair.rank));
  const loraAlpha = adapter.alpha === 0 ? r : adapter.alpha;
  const rankPattern: Record<string, number> = {};
  const alphaPattern: Record<string, number> = {};
  for (const pair of pairs) {
    if (pair.rank !== r) rankPattern[pair.source] = pair.rank;
    if (pair.alpha !== loraAlpha) alphaPattern[pair.source] = pair.alpha;
  }
  const targetModules = [...new Set(pairs.map((pair) => shortModuleName(pair.source)))].sort();
  const baseModel = baseModelIdFor(adapter.file.metadata, base?.file.metadata ?? null, options.baseModelId);
  const layers = layersToTransform(pairs, base);
  const notes: string[] = [];
  if (baseModel.id === null) notes.push('no Hugging Face id for the base was found: base_model_name_or_path is null (pass one explicitly)');
  else if (baseModel.source !== 'option' && baseModel.source !== 'adapter general.base_model') notes.push(`base_model_name_or_path "${baseModel.id}" comes from ${baseModel.source}: check it`);
  if (adapter.alpha === 0) notes.push('the GGUF has no alpha (llama.cpp applies B·A unscaled): lora_alpha = r reproduces that');

  const config = {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: baseModel.id,
    r,
    lora_alpha: loraAlpha,
    target_modules: targetModules,
    rank_pattern: rankPattern,
    alpha_pattern: alphaPattern,
    layers_to_transform: layers,
    lora_dropout: 0,
    bias: 'none',
    use_rslora: false,
    use_dora: false,
    fan_in_fan_out: false,
    modules_to_save: null,
    init_lora_weights: true,
    inference_mode: true,
  };
  const outDir = resolve(options.outDir);
  checkOutDir(outDir, options.overwrite ?? false);
  await writeSafetensors(
    join(outDir, peftWeightsFile),
    pairs.flatMap((pair) => [
      { name: `base_model.model.${pair.source}.lora_A.weight`, dtype: pair.dtype, shape: [pair.rank, pair.inputs], values: pair.a },
      { name: `base_model.model.${pair.source}.lora_B.weight`, dtype: pair.dtype, shape: [pair.outputs, pair.rank], values: pair.b },
    ]),
    { format: 'pt' },
  );
  writeFileSync(join(outDir, peftConfigFile), `${JSON.stringify(config, null, 2)}\n`);
  return { outDir, files: [peftConfigFile, peftWeightsFile], r, loraAlpha, targetModules, baseModel, unpermutedQK, notes };
}
