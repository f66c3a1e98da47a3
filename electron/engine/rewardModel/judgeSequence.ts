import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { leadingBosOf, withLeadingBos } from '../templates/leadingBos.ts';
import type { TrainingSequence } from '../training/native/nativeTrainerApi.ts';
import type { TokenVocabulary } from '../training/run/tokenVocabulary.ts';

/**
 * The judge token: the first token of the judge answer tokenized alone (no special tokens, no BOS). Written into
 * the reward model's manifest, so scoring appends the very id training used.
 */
export function judgeTokenOf(vocabulary: TokenVocabulary, answer: string): number {
  const tokens = [...vocabulary.tokenize(answer, { special: false, addBos: false })].filter((id) => id !== vocabulary.bosToken);
  if (tokens.length === 0) throw new WorkbenchError('bad_input', `The judge answer ${JSON.stringify(answer)} tokenizes to nothing with this model's vocabulary`, { field: 'judgeAnswer' }, reason('judge_answer_empty', { answer }));
  return tokens[0]!;
}

/**
 * A judge text as a training sequence: the text tokenized the way inference reads a raw prompt (special-token
 * spellings parsed; BOS in front when the model wants one, never twice; no EOS), then the judge token. The train mask
 * covers the judge token only, so the sequence's summed target log-prob is r = log p(judge | text).
 */
export function judgeSequence(vocabulary: TokenVocabulary, text: string, judgeToken: number): TrainingSequence {
  // Not llama.cpp's addBos: for a model that also asks for EOS (tokenizer.ggml.add_eos_token) it appends one, and
  // the judge token would then follow an end of text that inference never puts there.
  const tokens = withLeadingBos([...vocabulary.tokenize(text, { special: true, addBos: false })], leadingBosOf(vocabulary));
  tokens.push(judgeToken);
  const trainMask = new Uint8Array(tokens.length);
  trainMask[tokens.length - 1] = 1;
  return { tokens: Int32Array.from(tokens), trainMask };
}
