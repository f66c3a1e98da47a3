import type { DatasetMessage } from '../../shared/contract/datasets.ts';
import { problemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { cellValue, readAnswer, readMessageList, wrongType, type ReadMessages } from './messageFields.ts';
import { keyPath } from './jsonPath.ts';
import { readRequiredAnswer } from './fromAlpaca.ts';
import { emptyPaths, sameForAll, type ConvertContext, type ConvertedRecord, type RowPaths } from './rowConversion.ts';

/**
 * TRL preference data. Standard: prompt/chosen/rejected texts. Conversational: lists of messages. Implicit
 * prompt: only chosen and rejected, whole conversations (or texts) whose shared beginning is the prompt.
 */
export function fromTrl(record: Readonly<Record<string, unknown>>, base: string, context: ConvertContext): ConvertedRecord {
  const { columns } = context.plan;
  const keys = { prompt: columns.prompt ?? 'prompt', chosen: columns.chosen ?? 'chosen', rejected: columns.rejected ?? 'rejected' };
  const problems = context.problems;
  const paths: RowPaths = { ...emptyPaths(base), messagesField: keyPath(base, keys.prompt), chosenField: keyPath(base, keys.chosen), rejectedField: keyPath(base, keys.rejected) };
  const promptValue = cellValue(record[keys.prompt]);
  if (promptValue === undefined || promptValue === null) return implicitPrompt(record, keys, base, context, paths);

  let prompt: ReadMessages | null = null;
  const promptPath = keyPath(base, keys.prompt);
  if (typeof promptValue === 'string') prompt = { messages: [{ role: 'user', content: promptValue }], paths: [sameForAll(promptPath)] };
  else if (Array.isArray(promptValue)) prompt = readMessageList(promptValue, promptPath, context);
  else problems.push(wrongType(promptPath, keys.prompt, 'prompt', promptValue));
  const chosen = readRequiredAnswer(record, keys.chosen, base, context, 'missing_chosen');
  const rejected = readRequiredAnswer(record, keys.rejected, base, context, 'missing_rejected');
  return {
    row: problems.length === 0 && prompt && chosen && rejected ? { kind: 'preference', prompt: prompt.messages, chosen: chosen.messages, rejected: rejected.messages } : null,
    paths: { ...paths, prompt: prompt?.paths ?? [], chosen: chosen?.paths ?? [], rejected: rejected?.paths ?? [] },
    problems,
  };
}

function implicitPrompt(
  record: Readonly<Record<string, unknown>>,
  keys: { chosen: string; rejected: string },
  base: string,
  context: ConvertContext,
  paths: RowPaths,
): ConvertedRecord {
  const problems = context.problems;
  const chosenValue = cellValue(record[keys.chosen]);
  const rejectedValue = cellValue(record[keys.rejected]);
  const chosenPath = keyPath(base, keys.chosen);
  const rejectedPath = keyPath(base, keys.rejected);
  if (typeof chosenValue === 'string' && typeof rejectedValue === 'string') {
    const split = sharedTextPrefix(chosenValue, rejectedValue);
    if (split === 0) {
      problems.push({ path: base, code: 'no_shared_prompt', message: 'chosen and rejected share no beginning, so there is no prompt (add a "prompt" field)', reason: problemReason('no_shared_text', {}) });
      return { row: null, paths, problems };
    }
    return {
      row: {
        kind: 'preference',
        prompt: [{ role: 'user', content: chosenValue.slice(0, split) }],
        chosen: [{ role: 'assistant', content: chosenValue.slice(split) }],
        rejected: [{ role: 'assistant', content: rejectedValue.slice(split) }],
      },
      paths: { ...paths, prompt: [sameForAll(chosenPath)], chosen: [sameForAll(chosenPath)], rejected: [sameForAll(rejectedPath)] },
      problems,
    };
  }
  const chosen = chosenValue === undefined || chosenValue === null ? null : readAnswer(chosenValue, chosenPath, context);
  const rejected = rejectedValue === undefined || rejectedValue === null ? null : readAnswer(rejectedValue, rejectedPath, context);
  if (chosenValue === undefined || chosenValue === null) {
    problems.push({ path: chosenPath, code: 'missing_chosen', message: `No "${keys.chosen}" conversation`, reason: problemReason('missing_side', { field: keys.chosen }) });
  }
  if (rejectedValue === undefined || rejectedValue === null) {
    problems.push({ path: rejectedPath, code: 'missing_rejected', message: `No "${keys.rejected}" conversation`, reason: problemReason('missing_side', { field: keys.rejected }) });
  }
  if (!chosen || !rejected || problems.length > 0) return { row: null, paths, problems };
  const shared = sharedMessages(chosen.messages, rejected.messages);
  if (shared === 0) {
    problems.push({
      path: base,
      code: 'no_shared_prompt',
      message: 'chosen and rejected do not start with the same turns, so there is no prompt (add a "prompt" field)',
      reason: problemReason('no_shared_turns', {}),
    });
    return { row: null, paths, problems };
  }
  return {
    row: { kind: 'preference', prompt: chosen.messages.slice(0, shared), chosen: chosen.messages.slice(shared), rejected: rejected.messages.slice(shared) },
    paths: { ...paths, prompt: chosen.paths.slice(0, shared), chosen: chosen.paths.slice(shared), rejected: rejected.paths.slice(shared) },
    problems,
  };
}

/** TRL's rule: the common beginning, less a space that starts the answers. Identical texts share everything. */
export function sharedTextPrefix(chosen: string, rejected: string): number {
  const limit = Math.min(chosen.length, rejected.length);
  let at = 0;
  while (at < limit && chosen.charCodeAt(at) === rejected.charCodeAt(at)) at++;
  if (at === chosen.length && at === rejected.length) return at;
  if (at > 0 && chosen[at - 1] === ' ') at--;
  return at;
}

function sharedMessages(chosen: readonly DatasetMessage[], rejected: readonly DatasetMessage[]): number {
  const limit = Math.min(chosen.length, rejected.length);
  let at = 0;
  while (at < limit && sameMessage(chosen[at] as DatasetMessage, rejected[at] as DatasetMessage)) at++;
  return at;
}

export const sameMessage = (a: DatasetMessage, b: DatasetMessage): boolean =>
  a.role === b.role && a.content === b.content && (a.weight ?? null) === (b.weight ?? null);
