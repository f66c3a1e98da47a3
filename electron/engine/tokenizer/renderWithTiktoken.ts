import type { ChatMessage, RenderOptions, RenderResult, TiktokenEncodingName } from '../../shared/contract/tokenizer.ts';
import { compileChatTemplate } from '../templates/chatTemplate.ts';
import { renderTrainingExample } from '../templates/trainingRender.ts';
import { tiktokenTokenViews } from './encodeWithTiktoken.ts';
import { toRenderResult, type RenderedTemplateInfo } from './renderResult.ts';
import { specialTokensOf, tiktokenCatalog } from './tiktokenCatalog.ts';
import { withTiktoken } from './tiktokenEncoders.ts';

/** The chat-template lab with an OpenAI encoding as the tokenizer (its chat tokens are always recognised here). */
export function renderWithTiktoken(
  name: TiktokenEncodingName,
  template: RenderedTemplateInfo,
  messages: readonly ChatMessage[],
  options: RenderOptions,
): RenderResult {
  const compiled = compileChatTemplate(template.text, template.name);
  const specialIds = new Set(specialTokensOf(name).map((token) => token.id));
  return withTiktoken(name, (encoder) => {
    const training = renderTrainingExample(
      compiled,
      messages,
      (text, { special }) => Array.from(special ? encoder.encode(text, 'all') : encoder.encode_ordinary(text)),
      {
        bosToken: options.bosToken ?? '',
        eosToken: options.eosToken ?? '<|endoftext|>',
        addGenerationPrompt: options.addGenerationPrompt,
        variables: options.variables,
        endOfTurnTokens: options.endOfTurnTokens,
      },
    );
    const { views } = tiktokenTokenViews(name, encoder, training.tokens, specialIds);
    const description = { kind: 'tiktoken' as const, name, modelPath: null, algorithm: 'tiktoken', vocabSize: tiktokenCatalog[name].vocabSize };
    return toRenderResult(training, description, template, views);
  });
}
