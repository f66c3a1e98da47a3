import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatmlTemplate } from '../../../electron/engine/gguf/chatmlTemplate.ts';
import { buildPrompt } from '../../../electron/engine/inference/host/buildPrompt.ts';
import { renderWithModel } from '../../../electron/engine/tokenizer/tokenizerHostHandlers.ts';
import { ModelTokenizer } from '../../../electron/engine/tokenizer/modelTokenizer.ts';
import { vocabOnlyModel } from '../../../electron/engine/tokenizer/vocabOnlyModels.ts';
import { modelVocabulary } from '../../../electron/engine/training/trainingCountHostHandlers.ts';
import { ExampleTokenizer } from '../../../electron/engine/training/run/tokenizeExamples.ts';
import type { ChatMessage } from '../../../electron/shared/contract/tokenizer.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

/**
 * The tokens training builds for a conversation's prompt are the tokens inference feeds for it, BOS included:
 * the tiny chat model asks for BOS (tokenizer.ggml.add_bos_token) and its ChatML template writes none, so
 * inference (buildPrompt) puts one in front, and the trainer must too. A template that writes {{ bos_token }}
 * gets exactly one, and a model that asks for none gets none. The trainer's vocabulary here is the vocabulary-only
 * model training.countRows tokenizes with (the same llama.cpp tokenizer as the trainer session).
 */
const question: ChatMessage = { role: 'user', content: 'Where is the red house?' };
const conversation: ChatMessage[] = [question, { role: 'assistant', content: 'By the river.' }];
const bosChatml = `{{ bos_token }}${chatmlTemplate}`;

/** A copy of a GGUF with tokenizer.ggml.add_bos_token set to false (the bool value right after its key and type). */
function withoutAddBos(source: string, target: string): string {
  copyFileSync(source, target);
  const bytes = readFileSync(target);
  const key = Buffer.from('tokenizer.ggml.add_bos_token');
  const at = bytes.indexOf(key);
  const typeAt = at + key.length;
  if (at < 0 || bytes.readUInt32LE(typeAt) !== 7 /* GGUF bool */) throw new Error(`${source}: add_bos_token not found as a bool`);
  bytes[typeAt + 4] = 0;
  writeFileSync(target, bytes);
  return target;
}

describe('training tokenization: the BOS inference prompts with', () => {
  let home: ReturnType<typeof createTempHome>;
  let chatPath: string;
  let noBosPath: string;
  beforeAll(async () => {
    home = createTempHome('training-bos');
    chatPath = await fixtureModel('tiny-chat');
    noBosPath = withoutAddBos(chatPath, join(home.path, 'tiny-chat-no-bos.gguf'));
  });
  afterAll(() => home?.cleanup());

  /** Inference's prompt for the conversation's first turn, and the trainer's render of the whole conversation. */
  async function bothSides(modelPath: string, template: string | null) {
    const model = await vocabOnlyModel(modelPath);
    const inference = buildPrompt(model, modelPath, { mode: 'chat', prompt: '', messages: [{ role: 'user', content: question.content }], template, addGenerationPrompt: true }).tokens;
    const tokenizer = new ExampleTokenizer(await modelVocabulary(modelPath), template ?? chatmlTemplate, 1024);
    const trained = tokenizer.conversation(conversation);
    const firstTarget = trained.trainMask.indexOf(1);
    return { model, inference, tokenizer, trained, promptPart: [...trained.tokens.slice(0, firstTarget)] };
  }

  it('puts BOS in front of a ChatML conversation, untrained, exactly as inference prompts the model', async () => {
    const { model, inference, tokenizer, trained, promptPart } = await bothSides(chatPath, null);
    const bos = model.tokens.bos!;
    expect(model.tokens.shouldPrependBosToken).toBe(true);
    expect(inference[0]).toBe(bos);
    expect(promptPart).toEqual(inference);
    expect(trained.trainMask[0]).toBe(0);
    // sample generations and GRPO prompts start from the same tokens
    expect([...tokenizer.generationPrompt(question.content)]).toEqual(inference);
    // a plain-text row as a raw prompt reads it
    const text = 'the red house stands by the river';
    const [row] = tokenizer.tokenizeAll([{ rowId: 1, kind: 'text', text }], 'train').sequences;
    expect([...row!.tokens]).toEqual(buildPrompt(model, chatPath, { mode: 'raw', prompt: text, messages: [], template: null }).tokens);
  });

  it('adds no second BOS when the template writes {{ bos_token }}', async () => {
    const { model, inference, promptPart } = await bothSides(chatPath, bosChatml);
    const bos = model.tokens.bos!;
    expect(inference[0]).toBe(bos);
    expect(inference[1]).not.toBe(bos);
    expect(promptPart).toEqual(inference);
  });

  it('adds no BOS for a model whose GGUF asks for none', async () => {
    const { model, inference, promptPart } = await bothSides(noBosPath, null);
    expect(model.tokens.shouldPrependBosToken).toBe(false);
    expect(inference).not.toContain(model.tokens.bos);
    expect(promptPart).toEqual(inference);
  });

  it('shows in the tokenizer lab the tokens and mask that train', async () => {
    for (const [modelPath, template] of [[chatPath, null], [chatPath, bosChatml], [noBosPath, null]] as const) {
      const { model, trained } = await bothSides(modelPath, template);
      const lab = renderWithModel(new ModelTokenizer(model, modelPath), {
        modelPath,
        template: template === null ? null : { source: 'custom', name: 'bos chatml', text: template },
        messages: conversation,
        options: { addGenerationPrompt: false, variables: {}, endOfTurnTokens: [] },
      });
      expect(lab.tokens.map((token) => token.id)).toEqual([...trained.tokens]);
      expect(lab.mask.map((weight) => (weight > 0 ? 1 : 0))).toEqual([...trained.trainMask]);
      // every token belongs to one segment, in order
      expect(lab.segments.at(-1)!.tokenEnd).toBe(lab.tokens.length);
      lab.segments.slice(1).forEach((segment, index) => expect(segment.tokenStart).toBe(lab.segments[index]!.tokenEnd));
    }
  });
});
