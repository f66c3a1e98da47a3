import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('compress-cli');
const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off', WORKBENCH_THREADS: '1' });

describe('workbench quantize / merge', () => {
  afterAll(() => home.cleanup());

  it('quantize --json prints the copy, its size against the source and its library id', async () => {
    const model = await fixtureModel('cli-quantize', { embd: 256, heads: 4, kvHeads: 2, ffn: 512, vocab: 512, type: 'f16', seed: 21 });
    const out = join(home.path, 'cli-Q8_0.gguf');
    const { stdout } = await workbench('quantize', '--model', model, '--type', 'q8_0', '--out', out, '--json');
    const result = JSON.parse(stdout) as { output: string; modelId: string; type: string; sizeBytes: number; sourceSizeBytes: number; sizeRatio: number };
    expect(result).toMatchObject({ output: out, type: 'Q8_0', sizeBytes: statSync(out).size, sourceSizeBytes: statSync(model).size });
    expect(result.sizeRatio).toBeCloseTo(result.sizeBytes / result.sourceSizeBytes, 10);
    const listed = JSON.parse((await workbench('models', 'list', '--json')).stdout) as { id: string; path: string }[];
    expect(listed.find((entry) => entry.id === result.modelId)?.path).toBe(out);
  });

  it('merge --type Q8_0 --json writes a quantized standalone model', async () => {
    const base = await fixtureModel('tiny-base');
    const adapter = await fixtureLoraAdapter('tiny-base', { rank: 4 });
    const out = join(home.path, 'cli-merged.gguf');
    const { stdout } = await workbench('merge', '--model', base, '--lora', adapter, '--type', 'Q8_0', '--out', out, '--json');
    const result = JSON.parse(stdout) as { output: string; mergedTensors: number; type: string };
    expect(result).toMatchObject({ output: out, type: 'Q8_0' });
    expect(result.mergedTensors).toBe(readGguf(adapter).tensors.length / 2);
    expect(readGguf(out).tensors.some((tensor) => tensor.type === 'Q8_0')).toBe(true);
  });

  it('a type it does not offer is a usage error (exit 2) naming the types', async () => {
    const { code, stderr } = await failing('quantize', '--model', await fixtureModel('tiny-base'), '--type', 'Q3_K');
    expect(code).toBe(2);
    expect(stderr).toContain('Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0');
  });
});
