import { z } from 'zod';
import { WorkbenchError } from '../../shared/contract/errors.ts';

/** Tokens every generated vocabulary holds before its ordinary pieces: <unk>, <s>, </s> and 256 byte tokens. */
export const reservedTokenCount = 3 + 256;
export const chatmlTokenCount = 2;

const dimension = (max: number) => z.number().int().min(1).max(max);

/**
 * The shape of a generated llama model. Defaults make a model of a few hundred kilobytes that llama.cpp loads
 * and runs in milliseconds.
 */
export const llamaModelShapeSchema = z
  .object({
    layers: dimension(512).default(2),
    embd: dimension(65_536).default(64),
    heads: dimension(1024).default(4),
    kvHeads: dimension(1024).default(2),
    ffn: dimension(262_144).default(128),
    vocab: dimension(1_000_000).default(300),
    ctx: dimension(1 << 24).default(256),
    type: z.enum(['f32', 'f16']).default('f32'),
    chatTemplate: z.enum(['chatml']).optional(),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
  })
  .strict();

export type LlamaModelShape = z.output<typeof llamaModelShapeSchema>;
export type LlamaModelShapeInput = z.input<typeof llamaModelShapeSchema>;

/** Validates a shape and fills defaults; every problem names the field, the way the CLI user typed it. */
export function resolveLlamaModelShape(input: LlamaModelShapeInput = {}): LlamaModelShape {
  const parsed = llamaModelShapeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'shape';
    throw new WorkbenchError('bad_input', `Model shape: ${field}: ${issue?.message ?? 'invalid'}`, { field });
  }
  const shape = parsed.data;
  const fail = (field: string, message: string): never => {
    throw new WorkbenchError('bad_input', `Model shape: ${field}: ${message}`, { field });
  };
  if (shape.embd % shape.heads !== 0) fail('embd', `${shape.embd} is not divisible by heads (${shape.heads})`);
  // RoPE rotates pairs of dimensions, so each head needs an even size.
  if ((shape.embd / shape.heads) % 2 !== 0) fail('heads', `head size embd/heads = ${shape.embd / shape.heads} must be even`);
  if (shape.kvHeads > shape.heads || shape.heads % shape.kvHeads !== 0) {
    fail('kvHeads', `${shape.kvHeads} must divide heads (${shape.heads}) evenly`);
  }
  const minimumVocab = minimumVocabSize(shape.chatTemplate !== undefined);
  if (shape.vocab < minimumVocab) {
    fail('vocab', `${shape.vocab} is too small: the byte-fallback vocabulary needs at least ${minimumVocab} tokens`);
  }
  return shape;
}

export function minimumVocabSize(chat: boolean): number {
  return reservedTokenCount + (chat ? chatmlTokenCount : 0);
}

export function headDimension(shape: LlamaModelShape): number {
  return shape.embd / shape.heads;
}
