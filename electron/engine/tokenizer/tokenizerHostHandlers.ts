/**
 * The tokenizer lab's work inside the inference host, where node-llama-cpp lives: encode text with a model's own
 * tokenizer, describe it, and render the chat-template train mask with it. Models are loaded vocabulary-only.
 */
import type { LlamaModel } from 'node-llama-cpp';
import type { EncodeResult, ModelTokenizerInfo, RenderResult, SpecialTokenMode } from '../../shared/contract/tokenizer.ts';
import type { HostHandlers } from '../hosts/hostContract.ts';
import type { HostRenderTemplateRequest, InferenceHostContract } from '../inference/inferenceHostContract.ts';
import { compileChatTemplate } from '../templates/chatTemplate.ts';
import { tokenizeInContext } from '../templates/tokenizeInContext.ts';
import { leadingBosOfModel, trainingRenderWithBos } from '../templates/leadingBos.ts';
import { renderTrainingExample } from '../templates/trainingRender.ts';
import { ModelTokenizer } from './modelTokenizer.ts';
import { toRenderResult } from './renderResult.ts';
import { findSpecialSpellings } from './specialSpellings.ts';
import { computeTokenStats } from './tokenStats.ts';
import { vocabOnlyModel } from './vocabOnlyModels.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

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

export function encodeWithModel(tokenizer: ModelTokenizer, text: string, mode: SpecialTokenMode): EncodeResult {
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

export function renderWithModel(tokenizer: ModelTokenizer, params: HostRenderTemplateRequest): RenderResult {
  const info = modelTokenizerInfo(tokenizer);
  const template = params.template ?? (info.chatTemplate === null ? null : { source: 'model' as const, name: `${info.tokenizer.name} chat template`, text: info.chatTemplate });
  if (!template) {
    throw new WorkbenchError('not_found', `${tokenizer.modelPath} has no tokenizer.chat_template; enter a custom template`, {
      file: tokenizer.modelPath,
      field: 'tokenizer.chat_template',
    }, reason('chat_template_missing_enter_custom', { model: tokenizer.modelPath }));
  }
  const compiled = compileChatTemplate(template.text, template.name);
  // BOS in front as inference and training put it there (templates/leadingBos.ts), so the lab shows what trains.
  const training = trainingRenderWithBos(renderTrainingExample(
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
  ), leadingBosOfModel(tokenizer.model));
  return toRenderResult(training, info.tokenizer, template, training.tokens.map((id) => tokenizer.tokenView(id).view));
}

export const tokenizerHostHandlers: HostHandlers<Pick<InferenceHostContract, 'tokenizer.modelInfo' | 'tokenizer.modelEncode' | 'tokenizer.modelRenderTemplate'>> = {
  'tokenizer.modelInfo': async (params) => modelTokenizerInfo(await openTokenizer(params.modelPath)),
  'tokenizer.modelEncode': async (params) => encodeWithModel(await openTokenizer(params.modelPath), params.text, params.specialTokens),
  'tokenizer.modelRenderTemplate': async (params) => renderWithModel(await openTokenizer(params.modelPath), params),
};
