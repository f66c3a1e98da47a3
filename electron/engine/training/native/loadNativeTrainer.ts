import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { addonCandidates, callNative, callNativeSync, findAddonPath, requireAddon, type RawAddon } from './nativeAddon.ts';
import type { BaseWeightType, LoraTarget, ModelSupport, NativeTrainerBinding, TrainingSession, TrainingSessionOptions } from './nativeTrainerApi.ts';
import { NativeTrainingSession } from './nativeTrainingSession.ts';
import { parseTrainingSessionOptions } from './trainingSessionOptions.ts';

let loaded: NativeTrainerBinding | null = null;

/**
 * Loads the trainer addon once per process. Call it only in the trainer host: node-llama-cpp carries its own
 * ggml, and the two must never share a process.
 */
export function loadNativeTrainer(options: { addonPath?: string } = {}): NativeTrainerBinding {
  if (loaded && !options.addonPath) return loaded;
  const path = options.addonPath ?? findAddonPath();
  if (!path) {
    throw new WorkbenchError(
      'not_found',
      `The trainer addon is not built: run \`npm run build:native\` (looked in ${addonCandidates().join(', ')})`,
    );
  }
  const { addon, buildInfo } = requireAddon(path);
  const binding = createBinding(addon, buildInfo?.key ?? 'unknown');
  if (!options.addonPath) loaded = binding;
  return binding;
}

function createBinding(addon: RawAddon, buildKey: string): NativeTrainerBinding {
  return {
    buildKey,
    backends: addon.backends(),
    systemInfo: () => addon.systemInfo(),
    inspectModel: (modelPath: string): ModelSupport => callNativeSync(() => addon.inspectModel(modelPath)),
    quantizeModel: (input: string, output: string, type: BaseWeightType) => callNative(() => addon.quantizeModel(input, output, type)),
    async createSession(input: TrainingSessionOptions): Promise<TrainingSession> {
      const options = parseTrainingSessionOptions(input);
      const raw = new addon.TrainingSession();
      const info = await callNative(() =>
        raw.init({
          modelPath: options.modelPath,
          mode: options.mode,
          loraRank: options.lora?.rank,
          loraAlpha: options.lora?.alpha,
          loraTargets: options.lora ? [...options.lora.targets] : undefined,
          loraDropout: options.lora?.dropout,
          initAdapterPath: options.lora?.initAdapterPath,
          contextLength: options.contextLength,
          threads: options.threads,
          seed: options.seed,
          device: options.device ?? 'auto',
          packSequences: options.packSequences ?? true,
        }),
      );
      return new NativeTrainingSession(
        raw,
        {
          architecture: info.architecture,
          tensorTypes: info.tensorTypes,
          vocabSize: info.vocabSize,
          contextLength: info.contextLength,
          layers: info.layers,
          embeddingLength: info.embeddingLength,
          trainableParameters: info.trainableParameters,
          backend: info.backend,
          bosToken: info.bosToken,
          eosToken: info.eosToken,
          lora: options.mode === 'lora' ? { rank: info.loraRank, alpha: info.loraAlpha, targets: info.loraTargets as LoraTarget[] } : null,
        },
        options,
      );
    },
  };
}
