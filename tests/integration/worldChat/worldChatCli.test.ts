import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { idkDataSchema, worldProbeReportSchema, worldSftProgressSchema, worldSftResultSchema } from '../../../electron/shared/contract/worldChat.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';
import { worldModelFixture } from '../pretraining/worldModelFixture.ts';

const home = createTempHome('world-chat-cli');
afterAll(() => home.cleanup());
const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_THREADS: '1', WORKBENCH_GPU: 'off' });

/** world sft → world probe → world idk-data as a user types them, through the engine's jobs and both hosts. */
describe('workbench world sft / probe / idk-data', () => {
  it('SFTs the base on the known questions, probes base vs chat into a report, and builds "I don\'t know" data from it', async () => {
    const models = await worldModelFixture();
    const worldDir = dirname(models.factsPath);

    const out = join(home.path, 'short-chat.gguf');
    const sft = await workbench('world', 'sft', '--world', worldDir, '--model', models.basePath, '--steps', '20', '--threads', '1', '--out', out, '--json');
    const lines = sft.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    const steps = lines.slice(0, -1).map((line) => worldSftProgressSchema.parse(line));
    const result = worldSftResultSchema.parse(lines.at(-1));
    expect(lines.at(-1)!.type).toBe('result');
    expect(steps.map((step) => step.step)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    // 20 known people × 6 facts × 2 languages.
    expect(result).toMatchObject({ outPath: out, data: 'known-qa', examples: 240, steps: 20 });
    expect(result.finalLoss).toBeLessThan(result.initialLoss);
    expect(existsSync(out)).toBe(true);
    const listed = JSON.parse((await workbench('models', 'list', '--json')).stdout) as { id: string; kind: string }[];
    expect(listed.find((model) => model.id === result.modelId)).toMatchObject({ kind: 'chat' });

    const reportPath = join(home.path, 'report.json');
    const probe = await workbench('world', 'probe', '--world', worldDir, '--model', `base=${models.basePath}`, '--model', `chat=${models.chatPath}`, '--per-group', '3', '--out', reportPath, '--json');
    const report = worldProbeReportSchema.parse(JSON.parse(probe.stdout));
    expect(report.items).toHaveLength(3 * 2 * 3);
    expect(report.models.map((model) => model.label)).toEqual(['base', 'chat']);
    expect(report.models[1]!.byGroup.nonexistent).toMatchObject({ asked: 6 });
    expect(worldProbeReportSchema.parse(JSON.parse(readFileSync(reportPath, 'utf8')))).toEqual(report);

    const idk = idkDataSchema.parse(JSON.parse((await workbench('world', 'idk-data', '--world', worldDir, '--report', reportPath, '--label', 'chat', '--json')).stdout));
    expect(idk.reasons['idk: nonexistent person']).toBe(6);
    expect(idk.reasons['replay: known person']).toBe(240);
    expect(readFileSync(idk.sftPath, 'utf8').trim().split('\n')).toHaveLength(idk.sftRows);
    expect(readFileSync(idk.dpoPath, 'utf8').trim().split('\n')).toHaveLength(idk.dpoPairs);
    const datasets = JSON.parse((await workbench('dataset', 'list', '--json')).stdout) as { id: string; rows: number }[];
    expect(datasets.find((dataset) => dataset.id === idk.sftDatasetId)).toMatchObject({ rows: idk.sftRows });
    expect(datasets.find((dataset) => dataset.id === idk.dpoDatasetId)).toMatchObject({ rows: idk.dpoPairs });
  });

  it('names the missing file, flag or model', async () => {
    const models = await worldModelFixture();
    const worldDir = dirname(models.factsPath);
    const empty = join(home.path, 'not-a-world');
    mkdirSync(empty, { recursive: true });
    expect(await failing('world', 'probe', '--world', empty, '--model', `chat=${models.chatPath}`)).toMatchObject({ code: 2, stderr: expect.stringMatching(/facts\.json/) });
    expect(await failing('world', 'sft', '--world', worldDir, '--model', models.chatPath, '--data', 'idk')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--idk-data/) });
    expect(await failing('world', 'sft', '--world', worldDir, '--model', models.chatPath, '--data', 'idk', '--idk-data', join(home.path, 'none.jsonl'))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/none\.jsonl/),
    });
    expect(await failing('world', 'probe', '--world', worldDir, '--model', `chat=${join(home.path, 'missing.gguf')}`)).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing\.gguf/) });
    // A file that exists but is no model: node-llama-cpp's refusal, with the file named.
    expect(await failing('world', 'probe', '--world', worldDir, '--model', `chat=${models.factsPath}`)).toMatchObject({ code: 2, stderr: expect.stringMatching(/facts\.json is not a GGUF model file/) });
    expect(await failing('world', 'idk-data', '--world', worldDir, '--report', models.factsPath, '--label', 'chat')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--report/) });
  });
});
