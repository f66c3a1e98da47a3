import { describe, expect, it } from 'vitest';
import { judgeSequence } from '../../../electron/engine/rewardModel/judgeSequence.ts';
import type { TokenVocabulary } from '../../../electron/engine/training/run/tokenVocabulary.ts';

const bos = 1;
const eos = 2;
const judge = 99;

/**
 * One token per character, with llama.cpp's add_special behaviour: asking for BOS also appends EOS when the model
 * sets tokenizer.ggml.add_eos_token (some Gemma and T5-style GGUFs do).
 */
function vocabulary(addsEos: boolean): TokenVocabulary {
  return {
    tokenize: (text, options) =>
      Int32Array.from([...(options?.addBos ? [bos] : []), ...[...text].map((c) => c.codePointAt(0)!), ...(options?.addBos && addsEos ? [eos] : [])]),
    detokenize: () => '',
    bosToken: bos,
    eosToken: eos,
  };
}

describe('the judge sequence', () => {
  it('is BOS, the text, then the judge token alone in the mask, whether or not the model asks for EOS', () => {
    for (const addsEos of [false, true]) {
      const sequence = judgeSequence(vocabulary(addsEos), 'ab', judge);
      expect([...sequence.tokens]).toEqual([bos, 97, 98, judge]);
      expect([...sequence.trainMask]).toEqual([0, 0, 0, 1]);
    }
  });

  it('never puts BOS twice when the text already starts with it', () => {
    const written = { ...vocabulary(false), tokenize: (text: string, options?: { addBos?: boolean }) => Int32Array.from([...(options?.addBos ? [bos] : []), bos, ...[...text].map((c) => c.codePointAt(0)!)]) };
    expect([...judgeSequence(written, 'a', judge).tokens]).toEqual([bos, 97, judge]);
  });
});
