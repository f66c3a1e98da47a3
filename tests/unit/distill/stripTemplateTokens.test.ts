import { describe, expect, it } from 'vitest';
import { stripTemplateTokens } from '../../../electron/engine/distill/stripTemplateTokens.ts';

describe('distill: a teacher answer without its chat template', () => {
  it('cuts at the first turn marker of any family and says so', () => {
    expect(stripTemplateTokens('Paris.<|im_end|>\n<|im_start|>user\nAnd Spain?')).toEqual({ text: 'Paris.', stripped: true });
    expect(stripTemplateTokens('Four.<|eot_id|><|start_header_id|>user<|end_header_id|>')).toEqual({ text: 'Four.', stripped: true });
    expect(stripTemplateTokens('Blue. </s>')).toEqual({ text: 'Blue.', stripped: true });
    expect(stripTemplateTokens('Paris.</s>[INST] And Spain? [/INST]')).toEqual({ text: 'Paris.', stripped: true });
    expect(stripTemplateTokens('Hi<end_of_turn>\n<start_of_turn>user')).toEqual({ text: 'Hi', stripped: true });
  });

  it('drops an assistant header the teacher repeated before its answer', () => {
    expect(stripTemplateTokens('<|im_start|>assistant\nParis.<|im_end|>')).toEqual({ text: 'Paris.', stripped: true });
    expect(stripTemplateTokens('<|start_header_id|>assistant<|end_header_id|>\n\n巴黎。<|eot_id|>')).toEqual({ text: '巴黎。', stripped: true });
  });

  it('keeps a clean answer as it is (trimmed), and an answer that is only markers becomes empty', () => {
    expect(stripTemplateTokens('  The capital is <b>Paris</b>.\n')).toEqual({ text: 'The capital is <b>Paris</b>.', stripped: false });
    expect(stripTemplateTokens('<|im_end|>')).toEqual({ text: '', stripped: true });
    // HTML's strikethrough inside an answer is content, not the end of a sequence.
    expect(stripTemplateTokens('Write <s>old</s> new.')).toEqual({ text: 'Write <s>old</s> new.', stripped: false });
  });
});
