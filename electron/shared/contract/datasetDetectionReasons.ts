import { z } from 'zod';
import { reasonBuilderOf, reasonSchemaOf, type ReasonOf } from './reasonList.ts';

/**
 * Why a file was read as a format, as a key and params — never a sentence; the UI says it in its language
 * (renderer/src/i18n/<lang>/datasets.ts, `detectionReason.<key>`, using exactly these params). The English `reason`
 * of a format candidate still travels beside it for the CLI and the API.
 */
const text = z.string();

export const detectionReasonParams = {
  plain_text: z.object({}),
  alpaca_ranking: z.object({}),
  sharegpt_ranking: z.object({}),
  messages_ranking: z.object({}),
  trl_conversational: z.object({}),
  trl_standard: z.object({}),
  trl_implicit: z.object({}),
  sharegpt_conversations: z.object({}),
  sharegpt_messages: z.object({}),
  openai_messages: z.object({}),
  alpaca: z.object({}),
  alpaca_guessed: z.object({ prompt: text, response: text }),
  text_field: z.object({}),
  text_guessed: z.object({ field: text }),
} as const;

export type DetectionReasonKey = keyof typeof detectionReasonParams;
export const detectionReasonKeys = Object.keys(detectionReasonParams) as DetectionReasonKey[];

export type DetectionReason = ReasonOf<typeof detectionReasonParams>;

export const detectionReasonSchema = reasonSchemaOf(detectionReasonParams);

/** Builds a detection reason with its params checked by the compiler. */
export const detectionReason = reasonBuilderOf(detectionReasonParams);
