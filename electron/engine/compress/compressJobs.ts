import { existsSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CompressProgress, CompressResult, MergeInput, QuantizeInput, QuantizeTypeName } from '../../shared/contract/compress.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { EngineServices } from '../engineServices.ts';
import { resolveAdapters } from '../inference/resolveAdapters.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { recordVariant } from './modelVariants.ts';

const stem = (path: string): string => basename(path).replace(/\.gguf$/i, '');

/** The source as a library entry: a file that is not in the library is added, so its variants can link to it. */
function sourceModel(services: EngineServices, ref: string): { id: string; path: string; name: string } {
  const library = new ModelLibrary(services.db);
  const resolved = library.resolve(ref);
  if (resolved.modelId) return { id: resolved.modelId, path: resolved.path, name: resolved.name };
  const { model } = library.add(resolved.path, { source: 'file' });
  return { id: model.id, path: model.path, name: model.name };
}

function outputPath(services: EngineServices, wanted: string | undefined, fallbackName: string, inputs: readonly string[]): string {
  const path = resolve(wanted ?? join(services.home.modelsDir, fallbackName));
  if (inputs.includes(path)) throw new WorkbenchError('bad_input', `The output ${path} is one of the inputs`, { field: 'output', file: path }, reason('output_is_input', { file: path }));
  if (existsSync(path)) {
    throw new WorkbenchError('conflict', `${path} already exists; choose another output or remove it first`, { field: 'output', file: path }, reason('output_exists', { file: path }));
  }
  return path;
}

interface Finished {
  readonly operation: 'quantize' | 'merge';
  readonly type: QuantizeTypeName | null;
  readonly adapterPath: string | null;
  readonly tensors: number;
  readonly mergedTensors: number | null;
}

/** Adds the new file to the library linked to its source and measures it. */
function joinLibrary(services: EngineServices, source: { id: string; path: string }, path: string, name: string, started: number, done: Finished): CompressResult {
  const library = new ModelLibrary(services.db);
  const { model } = library.add(path, { source: done.operation, name });
  recordVariant(services.db, { modelId: model.id, sourceModelId: source.id, operation: done.operation, type: done.type, adapterPath: done.adapterPath });
  const sizeBytes = statSync(path).size;
  const sourceSizeBytes = statSync(source.path).size;
  return {
    model,
    sourceModelId: source.id,
    operation: done.operation,
    type: done.type,
    outputPath: path,
    sizeBytes,
    sourceSizeBytes,
    sizeRatio: sizeBytes / sourceSizeBytes,
    tensors: done.tensors,
    mergedTensors: done.mergedTensors,
    seconds: (performance.now() - started) / 1000,
  };
}

/** A 'quantize' job: llama.cpp's quantizer in the trainer host, the copy added to the library next to its source. */
export function startQuantizeJob(services: EngineServices, input: QuantizeInput): { jobId: string } {
  const source = sourceModel(services, input.model);
  const output = outputPath(services, input.output, `${stem(source.path)}-${input.type}.gguf`, [source.path]);
  services.jobs.assertFree('trainer');
  const job = services.jobs.start<CompressResult>({
    kind: 'quantize',
    exclusive: 'trainer',
    title: `Quantize ${source.name} to ${input.type} → ${output}`,
    run: async ({ signal, progress }) => {
      const started = performance.now();
      const result = await services.hosts.trainer.request(
        'compress.quantize',
        { input: source.path, output, type: input.type },
        { signal, onEvent: (event) => progress(progressUpdate('quantize', event, 0, 1)) },
      );
      return joinLibrary(services, source, output, input.name ?? `${source.name} ${input.type}`, started, {
        operation: 'quantize',
        type: input.type,
        adapterPath: null,
        tensors: result.tensors,
        mergedTensors: null,
      });
    },
  });
  return { jobId: job.jobId };
}

/**
 * A 'merge' job: the adapter baked into its base (export-lora), then, with a type, re-quantized; the intermediate
 * merged file is removed. The result joins the library linked to the base.
 */
export function startMergeJob(services: EngineServices, input: MergeInput): { jobId: string } {
  const source = sourceModel(services, input.model);
  const [adapter] = resolveAdapters(services.db, [{ adapter: input.adapter, scale: input.scale }]);
  const adapterPath = adapter!.path;
  const suffix = input.type ? `-${input.type}` : '';
  const output = outputPath(services, input.output, `${stem(source.path)}+${stem(adapterPath)}${suffix}.gguf`, [source.path, adapterPath]);
  services.jobs.assertFree('trainer');
  const job = services.jobs.start<CompressResult>({
    kind: 'merge',
    exclusive: 'trainer',
    title: `Merge ${basename(adapterPath)} into ${source.name}${input.type ? ` (${input.type})` : ''} → ${output}`,
    run: async ({ signal, progress }) => {
      const started = performance.now();
      const mergedPath = input.type ? `${output}.merged.gguf` : output;
      const mergeShare = input.type ? 0.5 : 1;
      try {
        const merged = await services.hosts.trainer.request(
          'compress.merge',
          { base: source.path, adapter: adapterPath, output: mergedPath, scale: input.scale },
          { signal, onEvent: (event) => progress(progressUpdate('merge', event, 0, mergeShare)) },
        );
        if (input.type) {
          await services.hosts.trainer.request(
            'compress.quantize',
            { input: mergedPath, output, type: input.type },
            { signal, onEvent: (event) => progress(progressUpdate('quantize', event, mergeShare, 1 - mergeShare)) },
          );
        }
        return joinLibrary(services, source, output, input.name ?? `${source.name} + ${stem(adapterPath)}${input.type ? ` ${input.type}` : ''}`, started, {
          operation: 'merge',
          type: input.type ?? null,
          adapterPath,
          tensors: merged.tensors,
          mergedTensors: merged.mergedTensors,
        });
      } finally {
        if (mergedPath !== output) rmSync(mergedPath, { force: true });
      }
    },
  });
  return { jobId: job.jobId };
}

function progressUpdate(stage: CompressProgress['stage'], event: { tensorsDone: number; tensorsTotal: number }, offset: number, share: number) {
  const data: CompressProgress = { stage, tensorsDone: event.tensorsDone, tensorsTotal: event.tensorsTotal };
  const fraction = event.tensorsTotal > 0 ? offset + (share * event.tensorsDone) / event.tensorsTotal : offset;
  return { fraction, data };
}
