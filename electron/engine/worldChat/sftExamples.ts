import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { answerText } from '../pretraining/sft/worldQaSft.ts';
import { readWorldQa } from './worldFiles.ts';

/** One single-turn chat example: the question as the user asked it, the reply the model should give. */
export interface ChatExample {
  readonly question: string;
  readonly reply: string;
}

const sftRowSchema = z.object({
  messages: z.tuple([z.object({ role: z.literal('user'), content: z.string().min(1) }), z.object({ role: z.literal('assistant'), content: z.string().min(1) })]),
});

/** The known people's questions with their exact answers ("Vienna." / "维也纳。"): what turns the base into a chat model. */
export function knownQaExamples(worldDir: string): ChatExample[] {
  return readWorldQa(worldDir)
    .filter((item) => item.group === 'known')
    .map((item) => ({ question: item.question, reply: answerText(item) }));
}

/** worldChat.buildIdkData's SFT file: OpenAI chat rows of one user and one assistant message. */
export function idkExamples(path: string): ChatExample[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new WorkbenchError(missing ? 'not_found' : 'bad_input', `${path} ${missing ? 'does not exist' : `could not be read: ${(error as Error).message}`}`, {
      file: path,
      field: 'idkDataPath',
    }, reason(missing ? 'file_not_found' : 'file_unreadable', { file: path }));
  }
  const examples: ChatExample[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new WorkbenchError('bad_input', `${path}:${index + 1}: not valid JSON`, { file: path, line: index + 1, field: 'idkDataPath' }, reason('line_not_json', { file: path, line: index + 1 }));
    }
    const parsed = sftRowSchema.safeParse(raw);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') || 'messages';
      throw new WorkbenchError('bad_input', `${path}:${index + 1}: ${field}: expected one user and one assistant message`, { file: path, line: index + 1, field }, reason('line_field_invalid', { file: path, line: index + 1, field }));
    }
    const [user, assistant] = parsed.data.messages;
    examples.push({ question: user.content, reply: assistant.content });
  });
  return examples;
}
