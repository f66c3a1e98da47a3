import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

/**
 * One GRPO prompt: a user message, and what the verifiable rewards check it against — `answer` for exact match,
 * `refuse: true` for a question about something that does not exist, whose right reply is "I don't know".
 */
export const grpoPromptSchema = z
  .object({
    prompt: z.string().min(1),
    answer: z.string().min(1).optional(),
    refuse: z.boolean().optional(),
  })
  .strict();
export type GrpoPrompt = z.infer<typeof grpoPromptSchema>;

/** Reads a JSONL prompts file; a bad line is refused naming the file, line and field. */
export function readGrpoPrompts(path: string): GrpoPrompt[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new WorkbenchError('not_found', `The prompts file ${path} cannot be read`, { file: path, field: 'prompts' }, reason('file_unreadable', { file: path }));
  }
  const prompts: GrpoPrompt[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new WorkbenchError('bad_input', `${path}:${index + 1}: not valid JSON (${(error as Error).message})`, { file: path, line: index + 1 }, reason('line_not_json', { file: path, line: index + 1 }));
    }
    const parsed = grpoPromptSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'line';
      throw new WorkbenchError('bad_input', `${path}:${index + 1}: ${field}: ${issue?.message ?? 'invalid'}`, { file: path, line: index + 1, field }, reason('line_field_invalid', { file: path, line: index + 1, field }));
    }
    if (parsed.data.answer !== undefined && parsed.data.refuse) {
      throw new WorkbenchError('bad_input', `${path}:${index + 1}: a prompt has either an answer or refuse: true, not both`, { file: path, line: index + 1, field: 'refuse' }, reason('grpo_prompt_answer_and_refuse', { file: path, line: index + 1 }));
    }
    prompts.push(parsed.data);
  });
  if (prompts.length === 0) throw new WorkbenchError('bad_input', `${path} has no prompts`, { file: path, field: 'prompts' }, reason('grpo_no_prompts', { file: path }));
  return prompts;
}
