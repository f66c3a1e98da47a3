import type { DatasetMessage } from '../../shared/contract/datasets.ts';
import { conversationRow } from './ktoLabel.ts';
import { readTools } from './toolSchemas.ts';
import { problemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { cellValue, readAnswer, readTextField, wrongType } from './messageFields.ts';
import { indexPath, keyPath } from './jsonPath.ts';
import { emptyPaths, sameForAll, type ConvertContext, type ConvertedRecord, type MessagePaths } from './rowConversion.ts';

/**
 * Alpaca: instruction + optional input (joined with a newline, as LLaMA-Factory does; the input is also kept on
 * its own for export), output, optional system and
 * history ([[question, answer], ...]). With chosen/rejected columns it is LLaMA-Factory's ranking Alpaca.
 */
export function fromAlpaca(record: Readonly<Record<string, unknown>>, base: string, context: ConvertContext): ConvertedRecord {
  const { columns, kind } = context.plan;
  const keys = {
    prompt: columns.prompt ?? 'instruction',
    query: columns.query ?? 'input',
    response: columns.response ?? 'output',
    system: columns.system ?? 'system',
    history: columns.history ?? 'history',
    chosen: columns.chosen ?? 'chosen',
    rejected: columns.rejected ?? 'rejected',
  };
  const problems = context.problems;
  const promptPath = keyPath(base, keys.prompt);
  const instruction = readTextField(record, keys.prompt, promptPath, context);
  if (instruction === undefined) problems.push({ path: promptPath, code: 'missing_field', message: `No "${keys.prompt}" (the instruction)`, reason: problemReason('missing_instruction', { field: keys.prompt }) });
  // A file whose instruction column is "input" must not have it read twice.
  const input = keys.query === keys.prompt ? undefined : readTextField(record, keys.query, keyPath(base, keys.query), context);
  const system = readTextField(record, keys.system, keyPath(base, keys.system), context);

  const messages: DatasetMessage[] = [];
  const paths: MessagePaths[] = [];
  if (typeof system === 'string' && system.trim() !== '') {
    messages.push({ role: 'system', content: system });
    paths.push(sameForAll(keyPath(base, keys.system)));
  }
  readHistory(record[keys.history], keyPath(base, keys.history), context, messages, paths);
  const inputPath = keyPath(base, keys.query);
  const parts = [instruction, input].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  // The input is remembered apart (when there is an instruction too) so an Alpaca export keeps the two columns.
  messages.push(parts.length === 2 ? { role: 'user', content: parts.join('\n'), input: parts[1] as string } : { role: 'user', content: parts.join('\n') });
  paths.push({ message: base, role: promptPath, content: (instruction ?? '').trim() === '' && (input ?? '').trim() !== '' ? inputPath : promptPath });

  const result = emptyPaths(base);
  if (kind === 'preference') {
    const chosen = readRequiredAnswer(record, keys.chosen, base, context, 'missing_chosen');
    const rejected = readRequiredAnswer(record, keys.rejected, base, context, 'missing_rejected');
    const readable = problems.length === 0 && chosen !== null && rejected !== null;
    return {
      row: readable && chosen && rejected ? { kind: 'preference', prompt: messages, chosen: chosen.messages, rejected: rejected.messages } : null,
      paths: { ...result, messagesField: base, chosenField: keyPath(base, keys.chosen), rejectedField: keyPath(base, keys.rejected), prompt: paths, chosen: chosen?.paths ?? [], rejected: rejected?.paths ?? [] },
      problems,
    };
  }
  const responsePath = keyPath(base, keys.response);
  const output = readTextField(record, keys.response, responsePath, context);
  if (output === undefined) problems.push({ path: responsePath, code: 'missing_field', message: `No "${keys.response}" (the answer)`, reason: problemReason('missing_answer', { field: keys.response }) });
  if (typeof output === 'string') {
    messages.push({ role: 'assistant', content: output });
    paths.push(sameForAll(responsePath));
  }
  // LLaMA-Factory's Alpaca rows may name the tools the answer can call, as ShareGPT rows do.
  const toolsKey = columns.tools ?? 'tools';
  const tools = readTools(record[toolsKey], keyPath(base, toolsKey), context);
  return { row: conversationRow(record, base, context, messages, tools ?? undefined), paths: { ...result, messages: paths }, problems };
}

function readHistory(raw: unknown, path: string, context: ConvertContext, messages: DatasetMessage[], paths: MessagePaths[]): void {
  const value = cellValue(raw);
  if (value === undefined || value === null || value === '') return;
  if (!Array.isArray(value)) {
    context.problems.push(wrongType(path, 'history', 'history', value));
    return;
  }
  value.forEach((pair, index) => {
    const pairPath = indexPath(path, index);
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      context.problems.push({ path: pairPath, code: 'wrong_type', message: 'Each history entry must be a [question, answer] pair of texts', reason: problemReason('history_pair_invalid', {}) });
      return;
    }
    messages.push({ role: 'user', content: pair[0] }, { role: 'assistant', content: pair[1] });
    paths.push(sameForAll(indexPath(pairPath, 0)), sameForAll(indexPath(pairPath, 1)));
  });
}

export function readRequiredAnswer(
  record: Readonly<Record<string, unknown>>,
  key: string,
  base: string,
  context: ConvertContext,
  missingCode: 'missing_chosen' | 'missing_rejected',
) {
  const path = keyPath(base, key);
  const value = record[key];
  if (value === undefined || value === null) {
    context.problems.push({ path, code: missingCode, message: `No "${key}" answer: a preference pair needs both chosen and rejected`, reason: problemReason('missing_side', { field: key }) });
    return null;
  }
  return readAnswer(value, path, context);
}
