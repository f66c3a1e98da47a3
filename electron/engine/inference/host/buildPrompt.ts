import type { LlamaModel } from 'node-llama-cpp';
import type { ChatMessage, GenerationMode } from '../../../shared/contract/generate.ts';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { compileChatTemplate, renderChatTemplate } from '../../templates/chatTemplate.ts';
import { leadingBosOfModel, withLeadingBos } from '../../templates/leadingBos.ts';

export interface PromptSpec {
  readonly mode: GenerationMode;
  readonly prompt: string;
  readonly messages: readonly ChatMessage[];
  /** null: the GGUF's own template. */
  readonly template: string | null;
  /** Chat mode: end the render with the assistant's opening (true when generating, true when scoring an answer). */
  readonly addGenerationPrompt?: boolean;
  /** Chat mode: text appended after the render (an answer being scored), tokenized together with it. */
  readonly appendText?: string;
}

export interface BuiltPrompt {
  readonly tokens: number[];
  /** The text the tokens came from (chat: the rendered template). */
  readonly text: string;
  /** The template used in chat mode. */
  readonly template: string | null;
}

export function modelChatTemplate(model: LlamaModel): string | null {
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  return typeof template === 'string' && template.trim() !== '' ? template : null;
}

/**
 * The tokens a request puts in front of the model. Chat conversations are rendered with the same Jinja engine
 * the tokenizer lab and training use, so what the playground runs is exactly what those pages show. Special-token
 * spellings in the text become special tokens in both modes, the way llama.cpp's server reads prompts, so a raw
 * prompt can spell out a chat format by hand.
 */
export function buildPrompt(model: LlamaModel, modelPath: string, spec: PromptSpec): BuiltPrompt {
  if (spec.mode === 'raw') return withBos(model, { tokens: model.tokenize(spec.prompt, true), text: spec.prompt, template: null });
  const template = spec.template ?? modelChatTemplate(model);
  if (template === null) {
    throw new WorkbenchError('bad_input', `${modelPath} has no chat template (tokenizer.chat_template); use raw mode or give a template`, {
      file: modelPath,
      field: 'template',
    }, reason('chat_template_missing_use_raw', { model: modelPath }));
  }
  if (spec.messages.length === 0) throw new WorkbenchError('bad_input', 'Chat mode needs at least one message', { field: 'messages' }, reason('chat_needs_message', {}));
  const compiled = compileChatTemplate(template, spec.template === null ? `${modelPath} chat template` : 'custom chat template');
  const text = renderChatTemplate(compiled, {
    messages: spec.messages.map((message) => ({ role: message.role, content: message.content })),
    add_generation_prompt: spec.addGenerationPrompt ?? true,
    bos_token: model.tokens.bosString ?? '',
    eos_token: model.tokens.eosString ?? '',
  });
  const full = text + (spec.appendText ?? '');
  return withBos(model, { tokens: model.tokenize(full, true), text: full, template });
}

/** Adds BOS when the model wants one and the text did not already produce it (templates often write it). */
function withBos(model: LlamaModel, prompt: BuiltPrompt): BuiltPrompt {
  return { ...prompt, tokens: withLeadingBos(prompt.tokens, leadingBosOfModel(model)) };
}
