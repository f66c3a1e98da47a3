import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

/** `workbench train grpo … --json`: one JSON line per step carrying reward, rewardStd and kl, then the result; the same command with more steps continues the run. */
describe('workbench train grpo (CLI)', () => {
  let home: ReturnType<typeof createTempHome>;
  let cli: ReturnType<typeof workbenchCli>;
  let fixtureModelPath: string;
  beforeAll(async () => {
    fixtureModelPath = await fixtureModel('tiny-chat');
    home = createTempHome('grpo-cli');
    cli = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off' });
  });
  afterAll(() => home.cleanup());

  it('prints steps with reward, rewardStd and kl, writes the adapter, and continues the same run with more steps', async () => {
    const prompts = join(home.path, 'p.jsonl');
    writeFileSync(prompts, [JSON.stringify({ prompt: 'Say hello.', answer: 'Hello!' }), JSON.stringify({ prompt: 'Who is Zorblat Quux?', refuse: true })].join('\n'));
    const out = join(home.path, 'A.gguf');
    const args = (steps: string) => [
      'train', 'grpo', '--model', fixtureModelPath, '--prompts', prompts, '--reward', 'exact', '--reward', '0.5*regex:^[A-Z]', '--reward', 'refusal',
      '--generations', '4', '--prompts-per-step', '2', '--steps', steps, '--beta', '0.04', '--max-tokens', '6', '--lr', '0.001',
      '--ctx', '128', '--threads', '1', '--checkpoint-every', '2', '--out', out, '--json',
    ];
    const first = (await cli.workbench(...args('2'))).stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const steps = first.filter((line) => line.type === 'step');
    expect(steps.map((s) => s.step)).toEqual([1, 2]);
    for (const s of steps) for (const key of ['reward', 'rewardStd', 'kl', 'completionLength']) expect(typeof s[key], key).toBe('number');
    expect(first.at(-1)).toMatchObject({ type: 'result', status: 'done', outPath: out, step: 2, resumedFrom: 0 });
    expect(existsSync(out)).toBe(true);
    const again = (await cli.workbench(...args('3'))).stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(again.filter((line) => line.type === 'step').map((s) => s.step)).toEqual([3]);
    expect(again.at(-1)).toMatchObject({ type: 'result', status: 'done', step: 3, resumedFrom: 2 });
  }, 300_000);

  it('Ctrl-C cancels the job: the command exits with the cancel, the trainer stops and no adapter is written', async () => {
    const prompts = join(home.path, 'p-interrupt.jsonl');
    writeFileSync(prompts, JSON.stringify({ prompt: 'Say hello.', answer: 'Hello!' }));
    const out = join(home.path, 'interrupted.gguf');
    const child = spawn(
      process.execPath,
      ['apps/cli/bin/workbench.mjs', 'train', 'grpo', '--model', fixtureModelPath, '--prompts', prompts, '--reward', 'exact', '--generations', '2', '--steps', '500', '--max-tokens', '6', '--ctx', '128', '--threads', '1', '--out', out, '--json'],
      { env: { ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off' } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((settle) => child.on('exit', (code, signal) => settle({ code, signal })));
    // the first step line: the job is running in the trainer host
    await new Promise<void>((settle) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('"type":"step"')) settle();
      }),
    );
    child.kill('SIGINT');
    // handled, not killed by the signal: the job was cancelled and the command said so
    expect(await exited).toEqual({ code: 1, signal: null });
    expect(stderr).toMatch(/cancel/i);
    expect(existsSync(out)).toBe(false);
  }, 300_000);

  it('refuses an unknown --reward with exit code 2', async () => {
    const { code, stderr } = await cli.failing('train', 'grpo', '--model', 'x', '--prompts', 'p', '--reward', 'bleu', '--out', 'a.gguf');
    expect(code).toBe(2);
    expect(stderr).toContain('expected exact, refusal, regex:PATTERN or rm:RM.gguf');
  });
});
