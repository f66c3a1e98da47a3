import { problemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { conversationRow } from './ktoLabel.ts';
import { readTools } from './toolSchemas.ts';
import { readMessageList, readTextField } from './messageFields.ts';
import { keyPath } from './jsonPath.ts';
import { readRequiredAnswer } from './fromAlpaca.ts';
import { emptyPaths, sameForAll, type ConvertContext, type ConvertedRecord } from './rowConversion.ts';

/**
 * ShareGPT: `conversations` of {from, value} (human/gpt/system/function_call/observation), optional `system`
 * column. With chosen/rejected it is LLaMA-Factory's ranking ShareGPT (the answers are single messages).
 */
export function fromShareGpt(record: Readonly<Record<string, unknown>>, base: string, context: ConvertContext): ConvertedRecord {
  return fromTurnList(record, base, context, context.plan.columns.messages ?? 'conversations');
}

/** OpenAI chat fine-tuning: `messages` of {role, content, weight?}. */
export function fromOpenAi(record: Readonly<Record<string, unknown>>, base: string, context: ConvertContext): ConvertedRecord {
  return fromTurnList(record, base, context, context.plan.columns.messages ?? 'messages');
}

function fromTurnList(record: Readonly<Record<string, unknown>>, base: string, context: ConvertContext, messagesKey: string): ConvertedRecord {
  const { columns, kind } = context.plan;
  const problems = context.problems;
  const messagesPath = keyPath(base, messagesKey);
  const paths = { ...emptyPaths(base), messagesField: messagesPath };
  const raw = record[messagesKey];
  if (raw === undefined || raw === null) {
    problems.push({ path: messagesPath, code: 'missing_field', message: `No "${messagesKey}" (the list of turns)`, reason: problemReason('missing_turns', { field: messagesKey }) });
    return { row: null, paths, problems };
  }
  const list = readMessageList(raw, messagesPath, context);
  const systemKey = columns.system ?? 'system';
  const system = readTextField(record, systemKey, keyPath(base, systemKey), context);
  if (!list) return { row: null, paths, problems };
  const messages = [...list.messages];
  const messagePaths = [...list.paths];
  if (typeof system === 'string' && system.trim() !== '' && messages[0]?.role !== 'system') {
    messages.unshift({ role: 'system', content: system });
    messagePaths.unshift(sameForAll(keyPath(base, systemKey)));
  }
  if (kind !== 'preference') {
    const toolsKey = columns.tools ?? 'tools';
    const tools = readTools(record[toolsKey], keyPath(base, toolsKey), context);
    return { row: conversationRow(record, base, context, messages, tools ?? undefined), paths: { ...paths, messages: messagePaths }, problems };
  }
  const chosenKey = columns.chosen ?? 'chosen';
  const rejectedKey = columns.rejected ?? 'rejected';
  const chosen = readRequiredAnswer(record, chosenKey, base, context, 'missing_chosen');
  const rejected = readRequiredAnswer(record, rejectedKey, base, context, 'missing_rejected');
  return {
    row: problems.length === 0 && chosen && rejected ? { kind: 'preference', prompt: messages, chosen: chosen.messages, rejected: rejected.messages } : null,
    paths: {
      ...paths,
      chosenField: keyPath(base, chosenKey),
      rejectedField: keyPath(base, rejectedKey),
      prompt: messagePaths,
      chosen: chosen?.paths ?? [],
      rejected: rejected?.paths ?? [],
    },
    problems,
  };
}
