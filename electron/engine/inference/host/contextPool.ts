import type { LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

export interface AdapterFile {
  readonly path: string;
  readonly scale: number;
}

export interface ContextShape {
  readonly contextSize: number;
  readonly sequences: number;
  readonly adapters: readonly AdapterFile[];
}

export interface ContextLease {
  readonly context: LlamaContext;
  readonly sequences: readonly LlamaContextSequence[];
  /** Gives the context back for reuse (its KV cache keeps the last prompt, so a re-run skips most of it). */
  release(): void;
}

/**
 * Models this small finish each op in microseconds, so a second thread costs more in wake-ups and spin-waits than
 * it saves, and it takes the core the server needs: 50 concurrent API requests on the tiny test model ran at 6.6
 * req/s with 2 threads and 119 req/s with 1 (bench/results/2026-12-05-vm.md). Bigger models keep the runtime's
 * thread count (a 0.5B model decodes faster on 2). WORKBENCH_THREADS, when set, wins.
 */
const SINGLE_THREAD_MODEL_BYTES = 32 * 1024 * 1024;

function contextThreads(model: LlamaModel): { threads?: number } {
  if (process.env.WORKBENCH_THREADS) return {};
  return model.size < SINGLE_THREAD_MODEL_BYTES ? { threads: 1 } : {};
}

/** Idle contexts kept per model; each holds a KV cache, so more would only cost memory. */
const MAX_IDLE = 2;

const shapeKey = (shape: ContextShape): string =>
  JSON.stringify([shape.contextSize, shape.sequences, shape.adapters.map((adapter) => [adapter.path, adapter.scale])]);

/**
 * Contexts of one loaded model. LoRA adapters are bound to a context in llama.cpp, so a context is reusable only
 * for the same size, sequence count and adapters; busy contexts are never shared, so parallel requests each get
 * their own.
 */
export class ContextPool {
  private readonly idle: { key: string; context: LlamaContext }[] = [];
  private readonly busy = new Set<LlamaContext>();

  constructor(private readonly model: LlamaModel) {}

  async acquire(shape: ContextShape, signal?: AbortSignal): Promise<ContextLease> {
    const key = shapeKey(shape);
    const idleIndex = this.idle.findIndex((entry) => entry.key === key);
    let context: LlamaContext;
    if (idleIndex !== -1) {
      context = this.idle.splice(idleIndex, 1)[0]!.context;
    } else {
      context = await this.create(shape, signal);
    }
    this.busy.add(context);
    const sequences = Array.from({ length: shape.sequences }, (_, index) => sequenceOf(context, index));
    let released = false;
    return {
      context,
      sequences,
      release: () => {
        if (released) return;
        released = true;
        this.busy.delete(context);
        this.idle.push({ key, context });
        while (this.idle.length > MAX_IDLE) void this.idle.shift()!.context.dispose();
      },
    };
  }

  private async create(shape: ContextShape, signal: AbortSignal | undefined): Promise<LlamaContext> {
    try {
      return await this.model.createContext({
        contextSize: shape.contextSize,
        sequences: shape.sequences,
        ...contextThreads(this.model),
        ...(shape.adapters.length === 0
          ? {}
          : { lora: { adapters: shape.adapters.map((adapter) => ({ filePath: adapter.path, scale: adapter.scale })) } }),
        ...(signal ? { createSignal: signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const files = shape.adapters.map((adapter) => adapter.path);
      throw new WorkbenchError(
        'bad_input',
        files.length > 0
          ? `Could not create a context with adapter(s) ${files.join(', ')}: ${(error as Error).message}. Is each adapter made for this model?`
          : `Could not create a ${shape.contextSize}-token context: ${(error as Error).message}`,
        files.length > 0 ? { field: 'adapters', files } : { field: 'contextSize', contextSize: shape.contextSize },
        files.length > 0 ? reason('adapters_do_not_fit_model', { adapters: files.join(', ') }) : reason('context_cannot_be_created', { contextSize: shape.contextSize }),
      );
    }
  }

  memory(): { contexts: number; ramBytes: number; vramBytes: number } {
    let ramBytes = 0;
    let vramBytes = 0;
    const all = [...this.busy, ...this.idle.map((entry) => entry.context)];
    for (const context of all) {
      const usage = context.memoryUsage;
      ramBytes += usage.ram;
      vramBytes += usage.vram;
    }
    return { contexts: all.length, ramBytes, vramBytes };
  }

  async dispose(): Promise<void> {
    const all = [...this.busy, ...this.idle.map((entry) => entry.context)];
    this.busy.clear();
    this.idle.length = 0;
    await Promise.all(all.map((context) => context.dispose()));
  }
}

/** A context hands out each sequence once; a reused context keeps them, so remember them on the context. */
const sequencesByContext = new WeakMap<LlamaContext, LlamaContextSequence[]>();

function sequenceOf(context: LlamaContext, index: number): LlamaContextSequence {
  let sequences = sequencesByContext.get(context);
  if (!sequences) {
    sequences = [];
    sequencesByContext.set(context, sequences);
  }
  sequences[index] ??= context.getSequence();
  return sequences[index];
}
