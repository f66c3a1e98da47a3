import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pretrainingProgressSchema, pretrainingResultSchema } from '../../../electron/shared/contract/pretraining.ts';
import { loadTokenizer } from '../../../electron/engine/pretraining/tokenizer/tokenizerFile.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('pretraining-cli');
afterAll(() => home.cleanup());
const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path });

/** world generate → tokenizer train → pretrain, as a user types them; pretrain goes through the engine's job and the trainer host. */
describe('workbench world / tokenizer train / pretrain', () => {
  it('builds a world and a tokenizer, pretrains the nano preset, and streams JSON lines ending in the result', async () => {
    const worldDir = join(home.path, 'world');
    const world = JSON.parse((await workbench('world', 'generate', '--people', '12', '--seed', '4', '--out', worldDir, '--json')).stdout) as {
      corpusPath: string;
      people: number;
      nonexistent: number;
    };
    expect(world.people).toBe(12);
    expect(world.nonexistent).toBe(3);
    const again = join(home.path, 'world-again');
    await workbench('world', 'generate', '--people', '12', '--seed', '4', '--out', again);
    expect(readFileSync(join(again, 'corpus.txt'), 'utf8')).toBe(readFileSync(world.corpusPath, 'utf8'));

    const tokenizerPath = join(home.path, 'tokenizer.json');
    const trained = JSON.parse((await workbench('tokenizer', 'train', '--data', world.corpusPath, '--vocab', '400', '--out', tokenizerPath, '--json')).stdout) as {
      vocabSize: number;
      firstWholeWords: { token: string }[];
    };
    expect(trained.vocabSize).toBe(400);
    expect(trained.firstWholeWords.map((word) => word.token)).toContain(' was');
    expect(loadTokenizer(tokenizerPath).vocabSize).toBe(400);

    const out = join(home.path, 'base.gguf');
    const { stdout } = await workbench('pretrain', '--preset', 'nano', '--data', world.corpusPath, '--tokenizer', tokenizerPath, '--out', out, '--steps', '60', '--checkpoints', '2', '--json');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    const result = pretrainingResultSchema.parse(lines.at(-1));
    expect(lines.at(-1)!.type).toBe('result');
    const progress = lines.slice(0, -1).map((line) => pretrainingProgressSchema.parse(line));
    expect(progress[0]!.type).toBe('setup');
    expect(progress.filter((item) => item.type === 'step')).toHaveLength(60);
    expect(progress.filter((item) => item.type === 'checkpoint').map((item) => item.step)).toEqual([30, 60]);
    expect(result.outPath).toBe(out);
    expect(result.finalLoss).toBeLessThan(result.initialLoss * 0.7);
    expect(result.probes?.evaluated).toBe(24);
  });

  it('names the bad flag or file', async () => {
    expect(await failing('world', 'generate', '--people', '1', '--out', join(home.path, 'x'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/people/) });
    expect(await failing('tokenizer', 'train', '--data', join(home.path, 'missing.txt'), '--vocab', '300', '--out', join(home.path, 't.json'))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/missing\.txt/),
    });
    expect(await failing('pretrain', '--preset', 'huge', '--data', 'x', '--tokenizer', 'y', '--out', 'z')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--preset/) });
  });
});
