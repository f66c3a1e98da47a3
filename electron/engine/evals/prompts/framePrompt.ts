import type { ChatMessage } from '../../../shared/contract/generate.ts';
import type { EvalFrame, EvalItem } from '../../../shared/contract/evals.ts';

/** What a model is conditioned on: plain text (base models) or a conversation rendered with its chat template. */
export type EvalContext = { readonly mode: 'raw'; readonly prefix: string } | { readonly mode: 'chat'; readonly messages: ChatMessage[] };

/** The right answer as a few-shot example shows it: the right choice, or the worked solution / number. */
export function answerText(item: EvalItem): string {
  return item.kind === 'choice' ? item.choices[item.answer]! : (item.solution ?? item.answer);
}

/**
 * The context for an item after its few-shot examples. qa is lm-evaluation-harness's default cloze form
 * ("Question: …\nAnswer:", examples separated by a blank line); completion writes the question as the start of a
 * sentence; chat puts each example as a user turn and an assistant reply.
 */
export function frameContext(frame: EvalFrame, item: EvalItem, shots: readonly EvalItem[]): EvalContext {
  if (frame === 'chat') {
    const messages: ChatMessage[] = shots.flatMap((shot): ChatMessage[] => [
      { role: 'user', content: shot.question },
      { role: 'assistant', content: answerText(shot) },
    ]);
    messages.push({ role: 'user', content: item.question });
    return { mode: 'chat', messages };
  }
  const examples = shots.map((shot) => `${frameQuestion(frame, shot.question)}${delimiter(frame)}${answerText(shot)}\n\n`).join('');
  return { mode: 'raw', prefix: `${examples}${frameQuestion(frame, item.question)}` };
}

function frameQuestion(frame: 'qa' | 'completion', question: string): string {
  return frame === 'qa' ? `Question: ${question}\nAnswer:` : question;
}

/** lm-eval's target_delimiter: a space between the context and the answer in text frames, none in chat replies. */
export function delimiter(frame: EvalFrame): string {
  return frame === 'chat' ? '' : ' ';
}

/** Where a greedy reply to a text-framed question ends: the next example would start. */
export function frameStops(frame: EvalFrame): string[] {
  return frame === 'chat' ? [] : ['\n\n', 'Question:'];
}
