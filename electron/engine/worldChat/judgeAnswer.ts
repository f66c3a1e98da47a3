import type { WorldVerdict } from '../../shared/contract/worldChat.ts';
import { refusalPhrases } from '../hallucination/behaviourPhrases.ts';
import { findPhrases } from '../hallucination/phraseMatching.ts';
import { normalizeForMatching } from '../hallucination/textNormalization.ts';
import { isExactAnswer } from '../pretraining/sft/worldQaSft.ts';
import type { ProbeQuestion } from './probeQuestions.ts';

/** Whether a reply says "I don't know" in a way the hallucination lab's refusal detector recognises (EN and ZH). */
export const isRefusal = (reply: string): boolean => findPhrases(normalizeForMatching(reply), refusalPhrases).length > 0;

/**
 * Judges one chat reply against the ground truth: exactly the fact (the same exact match SFT is scored with) is
 * correct; an "I don't know" is refused; anything else is wrong about a real person and hallucinated about a
 * nonexistent one, since every claim about them is invented.
 */
export function judgeAnswer(question: ProbeQuestion, reply: string): WorldVerdict {
  if (question.expected !== null && isExactAnswer(reply, question.item)) return 'correct';
  if (isRefusal(reply)) return 'refused';
  return question.group === 'nonexistent' ? 'hallucinated' : 'wrong';
}
