import { describe, expect, it } from 'vitest';
import { distributionRequestSchema, generationRequestSchema } from '../../../electron/shared/contract/generate.ts';
import { hostDistributionSchema, hostGenerateSchema } from '../../../electron/engine/inference/hostRequests.ts';

const resolvedModel = { modelPath: '/models/tiny.gguf', prompt: 'Once', sampling: { temperature: 0, seed: 5 }, maxTokens: 8 };
const keys = (shape: object): string[] => Object.keys(shape).sort();
/** What the engine replaces: library references become files; gpuLayers is the host's own knob. */
const hostOnly = ['gpuLayers', 'modelPath'];

describe('host generate request (derived from the app contract)', () => {
  it('carries every field of the app request, with the model reference replaced by its file', () => {
    const appFields = keys(generationRequestSchema.shape).filter((key) => key !== 'model');
    expect(keys(hostGenerateSchema.shape)).toEqual([...appFields, ...hostOnly].sort());
    const distributionFields = keys(distributionRequestSchema.shape).filter((key) => key !== 'model');
    expect(keys(hostDistributionSchema.shape)).toEqual([...distributionFields, ...hostOnly].sort());
  });

  it("fills what a caller leaves out with the app contract's defaults", () => {
    const parsed = hostGenerateSchema.parse(resolvedModel);
    const app = generationRequestSchema.parse({ model: 'tiny', prompt: 'Once', sampling: { temperature: 0, seed: 5 }, maxTokens: 8 });
    const { model: _model, adapters: _adapters, contextSize: _contextSize, ...appRest } = app;
    expect(parsed).toMatchObject(appRest);
    expect(parsed).toMatchObject({ mode: 'raw', messages: [], template: null, stop: [], logprobs: 0, inspect: false, samples: 1, prefillTokens: [], adapters: [], gpuLayers: 'auto' });
  });

  it("refuses what the app contract refuses, naming the field", () => {
    for (const [field, value] of [
      ['samples', 17],
      ['stop', ['']],
      ['maxTokens', 40_000],
    ] as const) {
      const result = hostGenerateSchema.safeParse({ ...resolvedModel, [field]: value });
      expect(result.success, field).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe(field);
      expect(generationRequestSchema.safeParse({ model: 'tiny', [field]: value }).success).toBe(false);
    }
    expect(hostGenerateSchema.safeParse({ ...resolvedModel, maxToken: 8 }).success).toBe(false);
  });

  it('still needs a fixed seed and a resolved file', () => {
    expect(hostGenerateSchema.safeParse({ ...resolvedModel, sampling: { temperature: 0 } }).success).toBe(false);
    expect(hostGenerateSchema.safeParse({ ...resolvedModel, modelPath: '' }).success).toBe(false);
  });
});
