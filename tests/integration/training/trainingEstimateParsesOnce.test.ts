import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as GgufReader from '../../../electron/engine/gguf/ggufReader.ts';
import type { TrainingEstimate } from '../../../electron/shared/contract/training.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { conversationsJsonl, importJsonl, qaPairs, tinySftConfig } from './trainingHelpers.ts';

/** Every GGUF header the engine parses in this process, by file. */
const parsed = vi.hoisted(() => [] as string[]);
vi.mock('../../../electron/engine/gguf/ggufReader.ts', async (importOriginal) => {
  const original = await importOriginal<typeof GgufReader>();
  return {
    ...original,
    readGguf: (path: string) => {
      parsed.push(path);
      return original.readGguf(path);
    },
  };
});

/**
 * training.estimate runs on every settled edit of the Training form; a model's header (with a 150k-token
 * vocabulary) is parsed once per estimate, not once for the chat template and again for the model's shape.
 */
describe('training.estimate reads the model header once', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  beforeAll(async () => {
    engine = createTestEngine('training-estimate-parse-once');
    modelPath = await fixtureModel('tiny-chat');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('parses the model file once per estimate', async () => {
    const dataset = await importJsonl(engine, 'parse-once.jsonl', conversationsJsonl(qaPairs));
    const config = tinySftConfig(modelPath, dataset.id, { validation: null });
    parsed.length = 0;
    const estimate = (await engine.call('training.estimate', { config })) as TrainingEstimate;
    expect(estimate.supported, estimate.reason ?? '').toBe(true);
    expect(estimate.trainableParameters).toBeGreaterThan(0);
    expect(parsed.filter((path) => path === estimate.resolved.modelPath)).toHaveLength(1);
  });
});
