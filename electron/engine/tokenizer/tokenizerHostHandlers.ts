/**
 * The tokenizer lab's work inside the inference host, where node-llama-cpp lives: encode text with a model's own
 * tokenizer, describe it, and render the chat-template train mask with it. Models are loaded vocabulary-only.
 */
import type { LlamaModel } from 'node-llama-cpp';
import { z } from 'zod';
import {
  chatMessageSchema,
  renderOptionsSchema,
  specialTokenModeSchema,
  type EncodeResult,
  type ModelTokenizerInfo,
  type RenderResult,
} from '../../shared/contract/tokenizer.ts';
import type { HostHandlerMap } from '../hosts/hostProtocol.ts';
import { compileChatTemplate } from '../templates/chatTemplate.ts';
import { tokenizeInContext } from '../templates/tokenizeInContext.ts';
import { renderTrainingExample } from '../templates/trainingRender.ts';
import { ModelTokenizer } from './modelTokenizer.ts';
import { toRenderResult } from './renderResult.ts';
import { findSpecialSpellings } from './specialSpellings.ts';
import { computeTokenStats } from './tokenStats.ts';
import { vocabOnlyModel } from './vocabOnlyModels.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';

const modelPathSchema = z.string().min(1);

const encodeParams = z.object({ modelPath: modelPathSchema, text: z.string(), specialTokens: specialTokenModeSchema });
const infoParams = z.object({ modelPath: modelPathSchema });
const renderParams = z.object({
  modelPath: modelPathSchema,
  /** null: the model's own `tokenizer.chat_template`. */
  template: z.object({ source: z.enum(['custom', 'saved']), name: z.string(), text: z.string() }).nullable(),
  messages: z.array(chatMessageSchema).min(1),
  options: renderOptionsSchema,
});

const tokenizers = new WeakMap<LlamaModel, ModelTokenizer>();

async function openTokenizer(modelPath: string): Promise<ModelTokenizer> {
  const model = await vocabOnlyModel(modelPath);
  let tokenizer = tokenizers.get(model);
  if (!tokenizer) {
    tokenizer = new ModelTokenizer(model, modelPath);
    tokenizers.set(model, tokenizer);
  }
  return tokenizer;
}

export function modelTokenizerInfo(tokenizer: ModelTokenizer): ModelTokenizerInfo {
  const tokens = tokenizer.model.tokens;
  return {
    tokenizer: tokenizer.description,
    chatTemplate: tokenizer.chatTemplate,
    bosToken: tokenizer.tokenString(tokens.bos),
    eosToken: tokenizer.tokenString(tokens.eos),
    eotToken: tokenizer.tokenString(tokens.eot),
    specialTokens: tokenizer.specialTokens(),
  };
}

export function encodeWithModel(tokenizer: ModelTokenizer, text: string, mode: z.infer<typeof specialTokenModeSchema>): EncodeResult {
  const ids = tokenizer.tokenize(text, mode);
  const views = ids.map((id) => tokenizer.tokenView(id));
  return {
    tokenizer: tokenizer.description,
    count: views.length,
    tokens: views.map((token) => token.view),
    stats: computeTokenStats(text, views.map((token) => token.bytes)),
    specialTextFound: mode === 'text' ? findSpecialSpellings(text, tokenizer.specialSpellings()) : [],
  };
}

export function renderWithModel(tokenizer: ModelTokenizer, params: z.infer<typeof renderParams>): RenderResult {
  const info = modelTokenizerInfo(tokenizer);
  const template = params.template ?? (info.chatTemplate === null ? null : { source: 'model' as const, name: `${info.tokenizer.name} chat template`, text: info.chatTemplate });
  if (!template) {
    throw new WorkbenchError('not_found', `${tokenizer.modelPath} has no tokenizer.chat_template; enter a custom template`, {
      file: tokenizer.modelPath,
      field: 'tokenizer.chat_template',
    });
  }
  const compiled = compileChatTemplate(template.text, template.name);
  const training = renderTrainingExample(
    compiled,
    params.messages,
    (text, { special, preceding }) => tokenizeInContext((part) => tokenizer.tokenize(part, special ? 'allow' : 'text'), text, preceding),
    {
      bosToken: params.options.bosToken ?? info.bosToken ?? '',
      eosToken: params.options.eosToken ?? info.eosToken ?? '',
      addGenerationPrompt: params.options.addGenerationPrompt,
      variables: params.options.variables,
      endOfTurnTokens: [...params.options.endOfTurnTokens, ...(info.eotToken ? [info.eotToken] : [])],
    },
  );
  return toRenderResult(training, info.tokenizer, template, training.tokens.map((id) => tokenizer.tokenView(id).view));
}

export const tokenizerHostHandlers: HostHandlerMap = {
  'tokenizer.modelInfo': async (raw) => {
    const params = infoParams.parse(raw);
    return modelTokenizerInfo(await openTokenizer(params.modelPath));
  },
  'tokenizer.modelEncode': async (raw) => {
    const params = encodeParams.parse(raw);
    return encodeWithModel(await openTokenizer(params.modelPath), params.text, params.specialTokens);
  },
  'tokenizer.modelRenderTemplate': async (raw) => {
    const params = renderParams.parse(raw);
    return renderWithModel(await openTokenizer(params.modelPath), params);
  },
};
