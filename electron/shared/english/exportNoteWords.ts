import type { ExportNoteKey } from '../contract/datasets.ts';

/**
 * What an export lost on every row, or why it left a row out, in English: one table for the CLI and the API (the
 * engine's `reason`) and for the interface's English resources, so the two never drift. The Chinese lives with the
 * interface (renderer/src/i18n/zh/datasets.ts); tests/unit/i18n checks both cover every key.
 */
export const exportNoteWords: Readonly<Record<ExportNoteKey, string>> = {
  preference_as_conversation: 'preference pairs written as conversations with the chosen answer',
  sharegpt_no_weights: 'per-message weights dropped (ShareGPT has none)',
  alpaca_no_weights: 'per-message weights dropped (Alpaca has none)',
  trl_prompt_joined: 'multi-turn prompts joined into one text (TRL standard holds texts)',
  text_only: 'only pretraining text can be written as text',
  text_no_turns: 'pretraining text has no turns',
  kto_formats: 'KTO rows (one answer labelled desirable or not) can be written as ShareGPT, OpenAI or Alpaca with a "label" column',
  sharegpt_call_and_text: 'ShareGPT holds a function call or text in one turn, not both',
  sharegpt_ranking_one: 'ranking ShareGPT holds one chosen and one rejected message',
  text_no_instruction: 'pretraining text has no instruction',
  alpaca_no_tool_calls: 'Alpaca cannot hold tool calls',
  alpaca_no_tool_turns: 'Alpaca cannot hold tool turns',
  alpaca_pairs: 'Alpaca needs user/assistant pairs ending with an answer',
  alpaca_ranking_one: 'ranking Alpaca holds one chosen and one rejected answer',
  trl_needs_preference: 'TRL preference formats need chosen and rejected answers (this is not a preference dataset)',
  trl_standard_no_calls: 'TRL standard holds texts, not function calls',
};
