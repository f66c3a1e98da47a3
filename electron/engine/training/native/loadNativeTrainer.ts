import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { dirname, join } from 'node:path';
import { findGpuBackendModules } from './gpuBackendModules.ts';
import {
  addonCandidates, addonMissingError, callNative, callNativeSync, findAddonPath, installFailure, nativeReason, requireAddon, type AddonBuildInfo,
  type RawAddon, type RawVerdict,
} from './nativeAddon.ts';
import type {
  BaseWeightType, GpuBackendLoad, LoraTarget, ModelSupport, NativeTrainerBinding, TrainingDevice, TrainingDeviceChoice,
  TrainingSession, TrainingSessionOptions, TrainingVerdict,
} from './nativeTrainerApi.ts';
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
    throw addonMissingError(addonCandidates(), installFailure());
  }
  const { addon, buildInfo } = requireAddon(path);
  const gpuBackends = loadBackendModules(addon, path, buildInfo);
  const binding = createBinding(addon, buildInfo?.key ?? 'unknown', gpuBackends);
  if (!options.addonPath) loaded = binding;
  return binding;
}

/**
 * The dl build (native/README.md "GPU backends") loads its backends at start: its own CPU module (required), then
 * node-llama-cpp's prebuilt GPU modules unless WORKBENCH_TRAINER_GPU=off. Loading twice in one process is a no-op
 * for ggml only per path, so this runs once per addon path.
 */
const loadedAddons = new Map<string, GpuBackendLoad[]>();
function loadBackendModules(addon: RawAddon, addonPath: string, buildInfo: AddonBuildInfo | null): GpuBackendLoad[] {
  const done = loadedAddons.get(addonPath);
  if (done) return done;
  const modules = buildInfo?.backendModules ?? [];
  for (const file of modules) {
    const modulePath = join(dirname(addonPath), file);
    const { name, log } = addon.loadBackend(modulePath);
    if (!name) {
      throw new WorkbenchError('internal', `The trainer's backend module ${modulePath} did not load: ${log.trim() || 'unknown reason'}`, { file: modulePath });
    }
  }
  const gpu: GpuBackendLoad[] = [];
  if (modules.length > 0 && process.env.WORKBENCH_TRAINER_GPU !== 'off') {
    const { modules: candidates } = findGpuBackendModules();
    for (const candidate of candidates) {
      // the CUDA 12 fallback only when the CUDA 13 module did not load
      if (candidate.packageName.endsWith('-cuda-ext') && gpu.some((g) => g.loaded === 'CUDA')) continue;
      const { name, log } = addon.loadBackend(candidate.path);
      gpu.push(name ? { ...candidate, loaded: name } : { ...candidate, loaded: null, reason: log.trim() || 'no usable device' });
    }
  }
  loadedAddons.set(addonPath, gpu);
  return gpu;
}

function trainingDevices(addon: RawAddon): TrainingDevice[] {
  return addon
    .devices()
    .filter((d) => d.id !== '')
    .map((d) => ({ ...d, id: d.id as TrainingDevice['id'] }))
    .sort((a, b) => (a.id === 'cpu' ? -1 : b.id === 'cpu' ? 1 : 0));
}

/** The addon's verdict with its reason checked against the contract (dropped when this side does not know it). */
function verdictOf({ why, ...verdict }: RawVerdict): TrainingVerdict {
  const checked = nativeReason(why);
  return checked ? { ...verdict, why: checked } : verdict;
}

function createBinding(addon: RawAddon, buildKey: string, gpuBackends: GpuBackendLoad[]): NativeTrainerBinding {
  return {
    buildKey,
    backends: addon.backends(),
    gpuBackends,
    devices: () => trainingDevices(addon),
    systemInfo: () => addon.systemInfo(),
    inspectModel: (modelPath: string, device: TrainingDeviceChoice = 'auto'): ModelSupport => {
      const support = callNativeSync(() => addon.inspectModel(modelPath, device));
      return { ...support, lora: verdictOf(support.lora), full: verdictOf(support.full) };
    },
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
          cpuOps: options.cpuOps?.join(','),
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
          deviceDescription: info.deviceDescription,
          bosToken: info.bosToken,
          eosToken: info.eosToken,
          lora: options.mode === 'lora' ? { rank: info.loraRank, alpha: info.loraAlpha, targets: info.loraTargets as LoraTarget[] } : null,
        },
        options,
      );
    },
  };
}
