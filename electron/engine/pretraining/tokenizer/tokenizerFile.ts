import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { writeFileAtomicSync } from '../../store/atomicWrite.ts';
import { BpeTokenizer, type BpeTokenizerSpec } from './bpeTokenizer.ts';

const specSchema = z
  .object({
    format: z.literal('workbench-byte-bpe'),
    version: z.literal(1),
    preTokenizer: z.literal('gpt-2'),
    merges: z.array(z.string()),
    specialTokens: z.array(z.string().min(1)).min(1),
    bosToken: z.string(),
    eosToken: z.string(),
  })
  .strict();

/** Saves a tokenizer as JSON (merges in rank order); the file is what `pretrain --tokenizer` reads. */
export function saveTokenizer(path: string, spec: BpeTokenizerSpec): void {
  writeFileAtomicSync(path, JSON.stringify(spec) + '\n');
}

export function loadTokenizer(path: string): BpeTokenizer {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WorkbenchError('not_found', `Tokenizer file ${path} does not exist`, { file: path }, reason('file_not_found', { file: path }));
    throw new WorkbenchError('bad_input', `Tokenizer file ${path} is not JSON: ${(error as Error).message}`, { file: path }, reason('file_not_json', { file: path }));
  }
  const parsed = specSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WorkbenchError('bad_input', `Tokenizer file ${path}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`, {
      file: path,
      field: issue?.path.join('.'),
    }, reason('file_field_invalid', { file: path, field: issue?.path.join('.') || 'file' }));
  }
  return new BpeTokenizer(parsed.data);
}
