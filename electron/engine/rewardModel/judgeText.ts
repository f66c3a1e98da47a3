import { compileChatTemplate, renderChatTemplate, type CompiledChatTemplate } from '../templates/chatTemplate.ts';

/**
 * The text a generative reward model reads before its judge token. The reward r(x, y) is log p(judge token | this
 * text) under base + reward LoRA, so the training pairs (trainer host) and every later score (inference host) must
 * be built from the very same string: this module is the one place it is written, in the engine, and both hosts
 * only tokenize it (special-token spellings parsed, BOS added when the model wants one) and append the judge token.
 *
 * Version 1 of the format: the conversation (prompt turns, then the answer turns), then one more user turn with
 * the judge question, then the assistant's opening; the judge token is the first token of "Yes". With the model's
 * chat template it is rendered by the same Jinja engine training uses; without one, a plain "User:/Assistant:"
 * transcript. bos_token/eos_token render as '' (the tokenizer adds BOS itself) and strftime_now is fixed, so the
 * text of a pair never depends on the day it is scored.
 */
export const judgeFormatVersion = 1;
export const judgeQuestion = 'Was that answer good? Reply Yes or No.';
/** The answer whose first token is the judge token (with a template: right after the assistant's opening). */
export const judgeAnswer = 'Yes';
/** The plain transcript's assistant cue is followed by a space before the answer. */
export const plainJudgeAnswer = ' Yes';

const fixedNow = new Date(Date.UTC(2024, 0, 1));

export interface JudgeMessage {
  role: string;
  content: string;
}

export interface JudgeRenderer {
  /** The judge text for one (prompt, answer) conversation. */
  text(prompt: readonly JudgeMessage[], answer: readonly JudgeMessage[]): string;
  /** The string whose first token is the judge token (tokenized alone, no special tokens, no BOS). */
  readonly answer: string;
}

const plainRole = (role: string): string => (role === 'assistant' ? 'Assistant' : role === 'system' ? 'System' : 'User');

/** A renderer for a model: its chat template when it has one (null: the plain transcript). */
export function judgeRenderer(chatTemplate: string | null): JudgeRenderer {
  if (chatTemplate === null || chatTemplate.trim() === '') {
    return {
      answer: plainJudgeAnswer,
      text: (prompt, answer) =>
        [...prompt, ...answer, { role: 'user', content: judgeQuestion }].map((m) => `${plainRole(m.role)}: ${m.content}`).join('\n') + '\nAssistant:',
    };
  }
  const template: CompiledChatTemplate = compileChatTemplate(chatTemplate, 'model chat template (reward judge)');
  return {
    answer: judgeAnswer,
    text: (prompt, answer) =>
      renderChatTemplate(
        template,
        {
          messages: [...prompt, ...answer, { role: 'user', content: judgeQuestion }].map((m) => ({ role: m.role, content: m.content })),
          add_generation_prompt: true,
          bos_token: '',
          eos_token: '',
        },
        { now: fixedNow },
      ),
  };
}
