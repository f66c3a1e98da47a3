import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { conversationSchema, type ChatMessage } from '../../shared/contract/tokenizer.ts';
import { jsonErrorOffset } from './jsonErrorOffset.ts';
import { lineColumnAt } from './templateTags.ts';

/**
 * Reads a conversation file: `{"messages": [...]}` (the OpenAI / Hugging Face shape) or a bare array of
 * `{role, content, weight?}`. Errors name the file, the line for JSON mistakes and the field for wrong shapes.
 */
export function parseConversation(text: string, file: string): ChatMessage[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const where = offset === null ? null : lineColumnAt(text, offset);
    throw new WorkbenchError(
      'bad_input',
      `${file}${where ? `, line ${where.line}, column ${where.column}` : ''}: not valid JSON`,
      { file, line: where?.line ?? null, column: where?.column ?? null },
      where ? reason('line_not_json', { file, line: where.line }) : reason('file_not_json', { file }),
    );
  }
  const messages = Array.isArray(data) ? data : (data as { messages?: unknown } | null)?.messages;
  const prefix = Array.isArray(data) ? '' : 'messages';
  if (!Array.isArray(messages)) {
    throw new WorkbenchError('bad_input', `${file}: expected {"messages": [...]} or an array of messages`, { file, field: 'messages' }, reason('conversation_shape', { file }));
  }
  const parsed = conversationSchema.safeParse(messages);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = [prefix, ...(issue?.path ?? []).map(String)].filter((part) => part !== '').join('.');
    throw new WorkbenchError('bad_input', `${file}: field "${field}": ${issue?.message ?? 'invalid'}`, { file, field }, reason('file_field_invalid', { file, field }));
  }
  return parsed.data;
}
