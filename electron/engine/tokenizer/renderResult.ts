import type { RenderResult, TokenizerDescription, TokenView } from '../../shared/contract/tokenizer.ts';
import type { TrainingRender } from '../templates/trainingRender.ts';

export interface RenderedTemplateInfo {
  readonly source: RenderResult['template']['source'];
  readonly name: string;
  readonly text: string;
}

/** The contract's view of a training render; `tokens` are the displayable forms of `training.tokens`. */
export function toRenderResult(
  training: TrainingRender,
  tokenizer: TokenizerDescription,
  template: RenderedTemplateInfo,
  tokens: TokenView[],
): RenderResult {
  return {
    tokenizer,
    template,
    text: training.text,
    messages: training.messages,
    segments: training.segments,
    tokens,
    mask: training.mask,
    trainedTokens: training.trainedTokens,
    warnings: training.warnings,
  };
}
