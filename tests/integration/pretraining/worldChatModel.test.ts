import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { answerText, readQaItems } from '../../../electron/engine/pretraining/sft/worldQaSft.ts';
import { worldModelFixture } from './worldModelFixture.ts';

const chatScript = join(dirname(fileURLToPath(import.meta.url)), 'nodeLlamaCppChat.ts');

async function askNodeLlamaCpp(modelPath: string, questions: string[]): Promise<{ wrapper: string; answers: string[] }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', chatScript, JSON.stringify({ modelPath, questions })], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, WORKBENCH_GPU: 'off' },
  });
  return JSON.parse(stdout) as { wrapper: string; answers: string[] };
}

/**
 * The pretrained-then-SFT'd world chat model (the fixture other areas can reuse) answers known people's questions
 * through node-llama-cpp's chat session with the ChatML template written into the GGUF; the base model does not.
 */
describe('world chat model in node-llama-cpp', () => {
  it('answers trained questions through the GGUF\'s own ChatML template, unlike its base', async () => {
    const models = await worldModelFixture();
    const summary = JSON.parse(readFileSync(join(models.dir, 'summary.json'), 'utf8')) as { knownExact: number };
    const known = readQaItems(models.qaPath).filter((item) => item.group === 'known' && item.fact === 'birthCity');
    const questions = known.map((item) => item.question);
    const chat = await askNodeLlamaCpp(models.chatPath, questions);
    const base = await askNodeLlamaCpp(models.basePath, questions);
    const rate = (answers: string[]) => answers.filter((answer, index) => answer.trim() === answerText(known[index]!)).length / known.length;
    console.log(
      `world chat model (${chat.wrapper}): trainer-side exact answers on all known questions ${(100 * summary.knownExact).toFixed(1)}%; ` +
        `node-llama-cpp birth-city answers chat ${(100 * rate(chat.answers)).toFixed(1)}%, base ${(100 * rate(base.answers)).toFixed(1)}% of ${known.length}`,
    );
    expect(chat.wrapper).toMatch(/ChatML/i);
    expect(rate(chat.answers)).toBeGreaterThanOrEqual(0.7);
    expect(rate(base.answers)).toBeLessThan(0.2);
  });
});
