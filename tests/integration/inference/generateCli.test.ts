import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('generate-cli');
const { workbench } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off', WORKBENCH_THREADS: '1' });

interface GenerateJson {
  text: string;
  tokens: { id: number; text: string; logprob: number | null; top: { id: number; text: string; logprob: number }[] }[];
  timings: Record<string, unknown>;
}

describe('workbench generate / score / models (same engine, JSON shapes from the issue)', () => {
  let base: string;
  let chat: string;
  beforeAll(async () => {
    base = await fixtureModel('tiny-base');
    chat = await fixtureModel('tiny-chat');
  });
  afterAll(() => home.cleanup());

  it('generate --json prints {text, tokens: [{id, text, logprob, top}], timings} and a seed reproduces it', async () => {
    const args = ['generate', '--model', base, '--prompt', 'Once upon a time', '--max-tokens', '12', '--temperature', '0.9', '--seed', '7', '--logprobs', '3', '--json'];
    const first = JSON.parse((await workbench(...args)).stdout) as GenerateJson;
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['text', 'tokens', 'timings']));
    expect(first.tokens.length).toBeGreaterThan(0);
    for (const token of first.tokens) {
      expect(Object.keys(token).sort()).toEqual(['id', 'logprob', 'text', 'top']);
      expect(token.top).toHaveLength(3);
      expect(token.logprob).toBeLessThanOrEqual(0);
    }
    expect(first.timings).toHaveProperty('tokensPerSecond');
    const again = JSON.parse((await workbench(...args)).stdout) as GenerateJson;
    expect(again.text).toBe(first.text);
  });

  it('generate --chat-file answers a conversation; a bad file names the message and field', async () => {
    const conversation = join(home.path, 'chat.json');
    writeFileSync(conversation, JSON.stringify([{ role: 'user', content: 'Hello' }]));
    const answer = JSON.parse((await workbench('generate', '--model', chat, '--chat-file', conversation, '--max-tokens', '8', '--seed', '1', '--json')).stdout) as GenerateJson;
    expect(typeof answer.text).toBe('string');
    const broken = join(home.path, 'broken.json');
    writeFileSync(broken, JSON.stringify({ messages: [{ role: 'user', content: 'a' }, { role: 'robot', content: 'b' }] }));
    await expect(workbench('generate', '--model', chat, '--chat-file', broken, '--json')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('broken.json at messages.1.role'),
    });
  });

  it('generate --lora applies an adapter with its scale', async () => {
    const lora = await fixtureLoraAdapter('tiny-base', { rank: 4, seed: 3 });
    const greedy = async (...extra: string[]) =>
      (JSON.parse((await workbench('generate', '--model', base, '--prompt', 'Once', '--max-tokens', '6', '--temperature', '0', '--logprobs', '1', '--json', ...extra)).stdout) as GenerateJson).tokens.map(
        (token) => token.logprob,
      );
    expect(await greedy('--lora', `${lora}:1`)).not.toEqual(await greedy());
  });

  it('score --json prints {tokens: [{id, text, logprob}], loss, perplexity}', async () => {
    const result = JSON.parse((await workbench('score', '--model', base, '--text', 'the quick brown fox', '--json')).stdout) as {
      tokens: { id: number; text: string; logprob: number | null }[];
      loss: number;
      perplexity: number;
    };
    expect(Object.keys(result.tokens[0]!).sort()).toEqual(['id', 'logprob', 'text']);
    const logprobs = result.tokens.map((token) => token.logprob!);
    expect(result.loss).toBeCloseTo(-logprobs.reduce((a, b) => a + b, 0) / logprobs.length, 9);
    expect(result.perplexity).toBeCloseTo(Math.exp(result.loss), 6);
  });

  it('models add / list / remove keep the library, and a missing model is a one-line error', async () => {
    const added = JSON.parse((await workbench('models', 'add', base, '--name', 'cli base', '--json')).stdout) as { added: boolean; model: { id: string } };
    expect(added.added).toBe(true);
    const listed = JSON.parse((await workbench('models', 'list', '--json')).stdout) as { name: string }[];
    expect(listed.map((model) => model.name)).toContain('cli base');
    const byName = JSON.parse((await workbench('score', '--model', 'cli base', '--text', 'hello there', '--json')).stdout) as { loss: number };
    expect(byName.loss).toBeGreaterThan(0);
    await expect(workbench('models', 'remove', 'cli base', '--delete-file')).rejects.toMatchObject({ code: 2 });
    expect((await workbench('models', 'remove', 'cli base')).stdout).toContain('the file stays on disk');
    await expect(workbench('generate', '--model', 'no-such-model', '--prompt', 'x', '--json')).rejects.toMatchObject({
      stderr: expect.stringContaining('No library model or GGUF file named "no-such-model"'),
    });
  });
});
