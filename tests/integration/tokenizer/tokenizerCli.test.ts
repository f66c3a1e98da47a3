import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('tokenizer-cli');
afterAll(() => home.cleanup());
const { workbench } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path });

describe('workbench tokenize / render-template (tiktoken, no model needed)', () => {
  it('prints {count, tokens: [{id, bytes, text}]} with byte tokens as hex and text null', async () => {
    const { stdout } = await workbench('tokenize', '--encoding', 'cl100k_base', '--text', 'hello韬', '--json');
    const result = JSON.parse(stdout) as { count: number; tokens: { id: number; bytes: string; text: string | null }[] };
    expect(result.count).toBe(4);
    expect(result.tokens).toEqual([
      { id: 15339, bytes: '68656c6c6f', text: 'hello' },
      { id: 165, bytes: 'e9', text: null },
      { id: 253, bytes: '9f', text: null },
      { id: 105, bytes: 'ac', text: null },
    ]);
  });

  it('--allow-special turns <|im_start|> into 100264; without it the spelling is ordinary text', async () => {
    const allowed = JSON.parse((await workbench('tokenize', '--encoding', 'cl100k_base', '--text', '<|im_start|>', '--allow-special', '--json')).stdout) as { tokens: { id: number }[] };
    expect(allowed.tokens.map((token) => token.id)).toEqual([100264]);
    const plain = JSON.parse((await workbench('tokenize', '--encoding', 'gpt2', '--text', '<|endoftext|>', '--json')).stdout) as { tokens: { id: number }[] };
    expect(plain.tokens.map((token) => token.id)).not.toContain(50256);
  });

  it('refuses bad usage with a one-line error and a non-zero exit', async () => {
    await expect(workbench('tokenize', '--text', 'x', '--json')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--encoding NAME or --model M/) });
    await expect(workbench('tokenize', '--encoding', 'nope', '--text', 'x', '--json')).rejects.toMatchObject({ stderr: expect.stringMatching(/tokenizer\.encoding/) });
    await expect(workbench('tokenize', '--model', join(home.path, 'missing.gguf'), '--text', 'x', '--json')).rejects.toMatchObject({ stderr: expect.stringMatching(/No library model or GGUF file/) });
  });

  it('render-template returns the text, token ids and the train mask; template errors name the line', async () => {
    const chatFile = join(home.path, 'chat.json');
    const templateFile = join(home.path, 'chatml.jinja');
    writeFileSync(chatFile, JSON.stringify({ messages: [{ role: 'user', content: '锄禾日当午' }, { role: 'assistant', content: '汗滴禾下土' }] }));
    writeFileSync(templateFile, "{% for m in messages %}{{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{% endfor %}");
    const { stdout } = await workbench('render-template', '--template-file', templateFile, '--encoding', 'cl100k_base', '--chat-file', chatFile, '--json');
    const result = JSON.parse(stdout) as { text: string; tokens: number[]; mask: number[]; trainedTokens: number };
    expect(result.text).toBe('<|im_start|>user\n锄禾日当午<|im_end|>\n<|im_start|>assistant\n汗滴禾下土<|im_end|>\n');
    expect(result.tokens).toHaveLength(result.mask.length);
    expect(result.trainedTokens).toBeGreaterThan(1);
    const trainedIds = result.tokens.filter((_, index) => (result.mask[index] ?? 0) > 0);
    expect(trainedIds.at(-1)).toBe(100265);
    expect(result.mask.at(-1)).toBe(0); // the newline after <|im_end|> is not trained

    writeFileSync(templateFile, 'line one\n{% for m in messages %}\n{{ m.content }}\n');
    await expect(workbench('render-template', '--template-file', templateFile, '--encoding', 'cl100k_base', '--chat-file', chatFile, '--json')).rejects.toMatchObject({
      stderr: expect.stringMatching(/line 2, column 1: syntax error: the \{% for %\} block opened here is never closed/),
    });
  });
});
