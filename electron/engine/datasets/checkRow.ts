import type { CanonicalRow, DatasetMessage } from '../../shared/contract/datasets.ts';
import { problemReason, type ProblemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { sameMessage } from './fromTrl.ts';
import { indexPath, keyPath } from './jsonPath.ts';
import type { MessagePaths, RecordProblem, RowPaths } from './rowConversion.ts';

/**
 * What makes a row unusable for training, once it is in the canonical shape: empty turns, turns out of order,
 * nothing for the assistant to learn, a preference pair that prefers nothing. Paths point into the source record.
 */
export function checkRow(row: CanonicalRow, paths: RowPaths): RecordProblem[] {
  switch (row.kind) {
    case 'text':
      return row.text.trim() === '' ? [{ path: paths.textField, code: 'empty_content', message: 'The document is empty', reason: problemReason('document_empty', {}) }] : [];
    case 'conversation':
    case 'kto':
      return checkConversation(row.messages, paths);
    case 'preference':
      return checkPreference(row, paths);
  }
}

function checkConversation(messages: readonly DatasetMessage[], paths: RowPaths): RecordProblem[] {
  if (messages.length === 0) return [{ path: paths.messagesField, code: 'missing_field', message: 'The conversation has no turns', reason: problemReason('conversation_no_turns', {}) }];
  const problems = emptyContent(messages, paths.messages, paths.messagesField);
  const order = turnOrderProblem(messages, paths.messages, paths.messagesField, 'end');
  if (order) problems.push(order);
  if (!messages.some((message) => message.role === 'assistant')) {
    problems.push({
      path: paths.messagesField,
      code: 'no_assistant_turn',
      message: 'No assistant turn: there is nothing for the model to learn to say',
      reason: problemReason('no_assistant_turn', {}),
    });
  }
  return problems;
}

function checkPreference(row: Extract<CanonicalRow, { kind: 'preference' }>, paths: RowPaths): RecordProblem[] {
  const problems: RecordProblem[] = [];
  if (row.prompt.length === 0) problems.push({ path: paths.messagesField, code: 'missing_field', message: 'The pair has no prompt', reason: problemReason('pair_no_prompt', {}) });
  problems.push(...emptyContent(row.prompt, paths.prompt, paths.messagesField));
  const promptOrder = turnOrderProblem(row.prompt, paths.prompt, paths.messagesField, 'prompt');
  if (promptOrder) problems.push(promptOrder);
  if (row.chosen.length > 0 && row.rejected.length > 0 && sameTurns(row.chosen, row.rejected)) {
    problems.push({
      path: paths.rejectedField,
      code: 'chosen_equals_rejected',
      message: 'chosen and rejected are identical: the pair teaches no preference',
      reason: problemReason('chosen_equals_rejected', {}),
    });
    return problems;
  }
  for (const side of ['chosen', 'rejected'] as const) {
    const turns = row[side];
    const field = side === 'chosen' ? paths.chosenField : paths.rejectedField;
    if (turns.length === 0) {
      problems.push({
        path: field,
        code: side === 'chosen' ? 'missing_chosen' : 'missing_rejected',
        message: `${side} has no answer after the prompt`,
        reason: problemReason('side_no_answer', { side }),
      });
      continue;
    }
    problems.push(...emptyContent(turns, paths[side], field));
    const first = turns[0] as DatasetMessage;
    if (first.role !== 'assistant') {
      problems.push({
        path: pathOf(paths[side], 0, field).role,
        code: 'roles_not_alternating',
        message: `${side} must start with the assistant's answer, found a ${first.role} turn`,
        reason: problemReason('side_starts_with', { side, role: first.role }),
      });
    } else if (!promptOrder && row.prompt.length > 0) {
      const whole = [...row.prompt, ...turns];
      const order = turnOrderProblem(whole, [...paths.prompt, ...paths[side]], field, 'end');
      if (order) problems.push(order);
    }
  }
  return problems;
}

const sameTurns = (a: readonly DatasetMessage[], b: readonly DatasetMessage[]): boolean =>
  a.length === b.length && a.every((message, index) => sameMessage(message, b[index] as DatasetMessage));

function emptyContent(messages: readonly DatasetMessage[], paths: readonly MessagePaths[], field: string): RecordProblem[] {
  const problems: RecordProblem[] = [];
  messages.forEach((message, index) => {
    // A turn that only calls functions has no text.
    if (message.content.trim() === '' && !(message.toolCalls && message.toolCalls.length > 0)) {
      problems.push({ path: pathOf(paths, index, field).content, code: 'empty_content', message: `The ${message.role} turn is empty`, reason: problemReason('turn_empty', { role: message.role }) });
    }
  });
  return problems;
}

/**
 * Turns must go: optional system first, then user, assistant, user, assistant… with tool results only after an
 * assistant turn (and before the assistant speaks again). A prompt must end where the assistant answers next.
 * Reports the first break only; later ones follow from it.
 */
export function turnOrderProblem(
  messages: readonly DatasetMessage[],
  paths: readonly MessagePaths[],
  field: string,
  ending: 'end' | 'prompt',
): RecordProblem | null {
  let previous: DatasetMessage['role'] | null = null;
  for (let index = 0; index < messages.length; index++) {
    const role = (messages[index] as DatasetMessage).role;
    const where = pathOf(paths, index, field).role;
    const fail = (message: string, reason: ProblemReason): RecordProblem => ({ path: where, code: 'roles_not_alternating', message, reason });
    if (role === 'system') {
      if (index !== 0) return fail(`Turn ${index + 1} is a system turn; the system prompt must come first`, problemReason('system_not_first', { turn: index + 1 }));
      continue;
    }
    const allowed: DatasetMessage['role'][] =
      previous === null ? ['user'] : previous === 'user' ? ['assistant'] : previous === 'assistant' ? ['user', 'tool'] : ['tool', 'assistant'];
    if (!allowed.includes(role)) {
      return previous === null
        ? fail(`The conversation must start with a user turn (after an optional system prompt), found ${role}`, problemReason('first_turn_not_user', { role }))
        : fail(`Turn ${index + 1} (${role}) follows a ${previous} turn; expected ${allowed.join(' or ')}`, problemReason('turn_out_of_order', { turn: index + 1, role, previous, allowed }));
    }
    previous = role;
  }
  if (ending === 'prompt' && previous !== null && previous !== 'user' && previous !== 'tool') {
    const last = messages.length - 1;
    return {
      path: pathOf(paths, last, field).role,
      code: 'roles_not_alternating',
      message: `The prompt ends with a ${previous} turn; it must end with the user's turn that the answers reply to`,
      reason: problemReason('prompt_ends_with', { role: previous }),
    };
  }
  return null;
}

/** Paths of a message, or canonical ones when the row did not come from a file (an edit). */
function pathOf(paths: readonly MessagePaths[], index: number, field: string): MessagePaths {
  const known = paths[index];
  if (known) return known;
  const message = indexPath(field, index);
  return { message, role: keyPath(message, 'role'), content: keyPath(message, 'content') };
}

/** Paths for a row typed in canonical form (`$.messages[0].content`). */
export function canonicalPaths(row: CanonicalRow): RowPaths {
  const list = (field: string, count: number): MessagePaths[] =>
    Array.from({ length: count }, (_, index) => {
      const message = indexPath(field, index);
      return { message, role: keyPath(message, 'role'), content: keyPath(message, 'content') };
    });
  return {
    row: '$',
    messagesField: row.kind === 'preference' ? '$.prompt' : '$.messages',
    chosenField: '$.chosen',
    rejectedField: '$.rejected',
    textField: '$.text',
    messages: row.kind === 'conversation' ? list('$.messages', row.messages.length) : [],
    prompt: row.kind === 'preference' ? list('$.prompt', row.prompt.length) : [],
    chosen: row.kind === 'preference' ? list('$.chosen', row.chosen.length) : [],
    rejected: row.kind === 'preference' ? list('$.rejected', row.rejected.length) : [],
  };
}
