import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HostHandlers } from '../../../electron/engine/hosts/hostContract.ts';
import type { EngineToHostMessage, HostProcess, HostToEngineMessage } from '../../../electron/engine/hosts/hostProtocol.ts';
import { SupervisedHost } from '../../../electron/engine/hosts/supervisedHost.ts';
import { inferenceHostContract, type InferenceHostContract } from '../../../electron/engine/inference/inferenceHostContract.ts';
import type { TrainerHostContract } from '../../../electron/engine/training/trainerHostContract.ts';

/** A child that answers every request with a fixed reply. */
class AnsweringChild implements HostProcess {
  private readonly emitter = new EventEmitter();
  readonly pid = 1;
  constructor(private readonly reply: unknown) {
    queueMicrotask(() => this.emitter.emit('message', { type: 'ready' } satisfies HostToEngineMessage));
  }
  postMessage(message: EngineToHostMessage): void {
    if (message.type === 'request') queueMicrotask(() => this.emitter.emit('message', { type: 'result', id: message.id, result: this.reply }));
  }
  onMessage(listener: (message: HostToEngineMessage) => void): void {
    this.emitter.on('message', listener);
  }
  onExit(): void {}
  kill(): void {}
}

/**
 * Compile-time checks (npm run typecheck): each `@ts-expect-error` fails the typecheck if the line it marks
 * compiles, i.e. if the seam stopped catching a wrong method name, params or reply shape. Never called.
 */
export function typedSeam(inference: SupervisedHost<InferenceHostContract>, trainer: SupervisedHost<TrainerHostContract>): void {
  // @ts-expect-error a method the inference host does not serve
  void inference.request('models.loadd', {});
  // @ts-expect-error a trainer method asked of the inference host
  void inference.request('training.run', { request: {}, totalSteps: 1 });
  // @ts-expect-error params of the wrong shape (modelPath is a string)
  void inference.request('models.unload', { modelPath: 3 });
  // @ts-expect-error a required param left out
  void trainer.request('training.pause', {});
  void (async () => {
    // @ts-expect-error the reply is { unloaded: boolean }, not a string
    const unloaded: string = await inference.request('models.unload', { modelPath: 'a.gguf' });
    const paused: boolean = (await trainer.request('training.pause', { runId: 'r' })).paused;
    return [unloaded, paused];
  })();
  const handlers: HostHandlers<Pick<InferenceHostContract, 'models.unload'>> = {
    // @ts-expect-error a handler whose reply is not the declared one
    'models.unload': async () => ({ unloaded: 'yes' }),
  };
  // @ts-expect-error a handler missing from the map
  const missing: HostHandlers<Pick<InferenceHostContract, 'models.unload' | 'models.loaded'>> = { 'models.unload': handlers['models.unload'] };
  void missing;
}

describe('host contracts', () => {
  it('hands the caller the host reply unchanged, typed by the method', async () => {
    const host = new SupervisedHost<InferenceHostContract>('inference', () => new AnsweringChild({ unloaded: true }));
    const reply = await host.request('models.unload', { modelPath: 'a.gguf' });
    expect(reply.unloaded).toBe(true);
    host.dispose();
  });

  it("parses params with the method's schema on the host side (defaults filled, wrong shapes refused)", () => {
    expect(inferenceHostContract['models.load'].params.parse({ modelPath: 'a.gguf' })).toEqual({ modelPath: 'a.gguf', gpuLayers: 'auto' });
    expect(() => inferenceHostContract['models.unload'].params.parse({ modelPath: '' })).toThrow();
  });
});
