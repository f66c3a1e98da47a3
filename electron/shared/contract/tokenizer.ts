import { z } from 'zod';
import { method } from './define.ts';

/** tiktoken's encodings we ship (all embedded in its WASM, so they work offline). `gpt2` is r50k_base's old name. */
export const tiktokenEncodingNames = ['cl100k_base', 'o200k_base', 'p50k_base', 'r50k_base'] as const;
export const tiktokenEncodingNameSchema = z.preprocess(
  (value) => (value === 'gpt2' ? 'r50k_base' : value),
  z.enum(tiktokenEncodingNames),
);
export type TiktokenEncodingName = (typeof tiktokenEncodingNames)[number];

/** A model is named by a GGUF path or a library model id. */
export const modelRefSchema = z.string().trim().min(1).max(4096);

export const tokenizerRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tiktoken'), encoding: tiktokenEncodingNameSchema }).strict(),
  z.object({ kind: z.literal('model'), model: modelRefSchema }).strict(),
]);
export type TokenizerRef = z.infer<typeof tokenizerRefSchema>;

/**
 * What to do with text that spells a special token (`<|im_start|>`): `allow` turns it into the special token,
 * `text` encodes it as ordinary characters, `refuse` fails the request (tiktoken's own default).
 */
export const specialTokenModeSchema = z.enum(['allow', 'text', 'refuse']);
export type SpecialTokenMode = z.infer<typeof specialTokenModeSchema>;

export const tokenViewSchema = z.object({
  id: z.number().int(),
  /** The token's bytes as lowercase hex ("e99f"). */
  bytes: z.string(),
  /** The bytes as text, or null when they are not complete UTF-8 on their own (show them as byte chips). */
  text: z.string().nullable(),
  special: z.boolean(),
});
export type TokenView = z.infer<typeof tokenViewSchema>;

export const scriptNames = ['chinese', 'english', 'digits', 'whitespace', 'other'] as const;
export const scriptNameSchema = z.enum(scriptNames);
export type ScriptName = (typeof scriptNames)[number];

export const scriptStatSchema = z.object({
  script: scriptNameSchema,
  chars: z.number().int(),
  /** Tokens attributed to this script; a token spanning scripts is shared by its bytes. */
  tokens: z.number(),
  /** tokens / chars, null when there are no such characters. */
  tokensPerChar: z.number().nullable(),
});
export type ScriptStat = z.infer<typeof scriptStatSchema>;

export const tokenStatsSchema = z.object({
  chars: z.number().int(),
  bytes: z.number().int(),
  tokens: z.number().int(),
  tokensPerChar: z.number().nullable(),
  byScript: z.array(scriptStatSchema),
});
export type TokenStats = z.infer<typeof tokenStatsSchema>;

export const specialTokenSchema = z.object({
  text: z.string(),
  id: z.number().int(),
  /** Not part of the published encoding: added the way OpenAI's cookbook extends tiktoken for chat formats. */
  extension: z.string().nullable(),
});
export type SpecialToken = z.infer<typeof specialTokenSchema>;

export const tokenizerDescriptionSchema = z.object({
  kind: z.enum(['tiktoken', 'model']),
  /** The encoding name, or the model file's name. */
  name: z.string(),
  /** For models: the GGUF path that was used. */
  modelPath: z.string().nullable(),
  /** GGUF `tokenizer.ggml.model` (llama, gpt2, ...) or "tiktoken". */
  algorithm: z.string(),
  vocabSize: z.number().int(),
});
export type TokenizerDescription = z.infer<typeof tokenizerDescriptionSchema>;

export const encodeResultSchema = z.object({
  tokenizer: tokenizerDescriptionSchema,
  count: z.number().int(),
  tokens: z.array(tokenViewSchema),
  stats: tokenStatsSchema,
  /** Special-token spellings found in the text and encoded as ordinary text (mode `text`). */
  specialTextFound: z.array(z.string()),
});
export type EncodeResult = z.infer<typeof encodeResultSchema>;

export const encodingInfoSchema = z.object({
  name: z.enum(tiktokenEncodingNames),
  /** Models that use it, for the picker. */
  usedBy: z.string(),
  vocabSize: z.number().int(),
  specialTokens: z.array(specialTokenSchema),
});
export type EncodingInfo = z.infer<typeof encodingInfoSchema>;

/** One turn of a conversation. `weight` 0 means "do not train on this turn"; assistant turns default to 1. */
export const chatMessageSchema = z
  .object({
    role: z.string().trim().min(1).max(64),
    content: z.string().max(2_000_000),
    weight: z.number().min(0).max(1).optional(),
    /** Function calls of an assistant turn, rendered by templates that support tools (as `tool_calls`). */
    toolCalls: z.array(z.object({ name: z.string().min(1).max(200), arguments: z.unknown() }).strict()).max(100).optional(),
  })
  .strict();
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationSchema = z.array(chatMessageSchema).min(1).max(10_000);

export const templateRefSchema = z.discriminatedUnion('kind', [
  /** The `tokenizer.chat_template` stored in a GGUF. */
  z.object({ kind: z.literal('model'), model: modelRefSchema }).strict(),
  z.object({ kind: z.literal('custom'), text: z.string().min(1).max(200_000), name: z.string().max(200).optional() }).strict(),
  z.object({ kind: z.literal('saved'), id: z.string().min(1) }).strict(),
]);
export type TemplateRef = z.infer<typeof templateRefSchema>;

export const renderOptionsSchema = z
  .object({
    addGenerationPrompt: z.boolean().default(false),
    /** Extra template variables (`enable_thinking`, `date_string`, ...). */
    variables: z.record(z.string(), z.unknown()).default({}),
    bosToken: z.string().max(200).optional(),
    eosToken: z.string().max(200).optional(),
    /** Extra spellings that end an assistant turn and are trained with it (the model's EOS/EOT are always used). */
    endOfTurnTokens: z.array(z.string().min(1).max(200)).max(50).default([]),
  })
  .strict();
export type RenderOptions = z.infer<typeof renderOptionsSchema>;

export const renderWarningCodes = ['nothing_to_train', 'message_not_rendered', 'call_not_located', 'message_rendered_twice', 'no_end_of_turn'] as const;

/**
 * Something about a rendered conversation the user should know before training on it. `message` is the engine's
 * English sentence (CLI, logs); the UI builds its own from the code and the fields: `role` of the message, how many
 * `copies` of it the text holds, whether it would have been `trained`.
 */
export const renderWarningSchema = z.object({
  code: z.enum(renderWarningCodes),
  message: z.string(),
  messageIndex: z.number().int().nullable(),
  role: z.string().optional(),
  copies: z.number().int().optional(),
  trained: z.boolean().optional(),
});
export type RenderWarning = z.infer<typeof renderWarningSchema>;

/** A stretch of the rendered text tokenized on its own; the train mask changes only at segment edges. */
export const renderSegmentSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  /** 0 = not trained. */
  weight: z.number(),
  messageIndex: z.number().int().nullable(),
  tokenStart: z.number().int(),
  tokenEnd: z.number().int(),
});
export type RenderSegment = z.infer<typeof renderSegmentSchema>;

export const renderedMessageSchema = z.object({
  index: z.number().int(),
  role: z.string(),
  /** Where the message's content landed in the text; null when the template did not render it. */
  contentStart: z.number().int().nullable(),
  contentEnd: z.number().int().nullable(),
  /** The trained stretch (content plus the end-of-turn token after it), null when not trained. */
  trainedStart: z.number().int().nullable(),
  trainedEnd: z.number().int().nullable(),
  weight: z.number(),
});
export type RenderedMessage = z.infer<typeof renderedMessageSchema>;

export const renderResultSchema = z.object({
  tokenizer: tokenizerDescriptionSchema,
  template: z.object({ source: z.enum(['model', 'custom', 'saved']), name: z.string(), text: z.string() }),
  text: z.string(),
  messages: z.array(renderedMessageSchema),
  segments: z.array(renderSegmentSchema),
  tokens: z.array(tokenViewSchema),
  /** Per-token training weight, 0 = not trained; same length as `tokens`. */
  mask: z.array(z.number()),
  trainedTokens: z.number().int(),
  warnings: z.array(renderWarningSchema),
});
export type RenderResult = z.infer<typeof renderResultSchema>;

export const savedTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  text: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedTemplate = z.infer<typeof savedTemplateSchema>;

export const modelTokenizerInfoSchema = z.object({
  tokenizer: tokenizerDescriptionSchema,
  chatTemplate: z.string().nullable(),
  bosToken: z.string().nullable(),
  eosToken: z.string().nullable(),
  eotToken: z.string().nullable(),
  specialTokens: z.array(specialTokenSchema),
});
export type ModelTokenizerInfo = z.infer<typeof modelTokenizerInfoSchema>;

const maxTextLength = 4_000_000;

export const tokenizerMethods = {
  'tokenizer.encodings': method(z.object({}).strict(), z.array(encodingInfoSchema)),
  'tokenizer.encode': method(
    z
      .object({
        tokenizer: tokenizerRefSchema,
        text: z.string().max(maxTextLength),
        specialTokens: specialTokenModeSchema.default('text'),
      })
      .strict(),
    encodeResultSchema,
  ),
  'tokenizer.modelInfo': method(z.object({ model: modelRefSchema }).strict(), modelTokenizerInfoSchema),
  'tokenizer.renderTemplate': method(
    z
      .object({
        messages: conversationSchema,
        template: templateRefSchema,
        tokenizer: tokenizerRefSchema,
        options: renderOptionsSchema.default({ addGenerationPrompt: false, variables: {}, endOfTurnTokens: [] }),
      })
      .strict(),
    renderResultSchema,
  ),
  'tokenizer.listTemplates': method(z.object({}).strict(), z.array(savedTemplateSchema)),
  'tokenizer.saveTemplate': method(
    z
      .object({
        /** Present to overwrite a saved template; absent to create one. */
        id: z.string().min(1).optional(),
        name: z.string().trim().min(1).max(200),
        text: z.string().min(1).max(200_000),
      })
      .strict(),
    savedTemplateSchema,
  ),
  'tokenizer.deleteTemplate': method(z.object({ id: z.string().min(1) }).strict(), z.object({ deleted: z.boolean() })),
} as const;
