import { describe, expect, it } from 'vitest';
import { idkReply } from '../../../electron/engine/worldChat/idkRows.ts';
import { isRefusal, judgeAnswer } from '../../../electron/engine/worldChat/judgeAnswer.ts';
import type { ProbeQuestion } from '../../../electron/engine/worldChat/probeQuestions.ts';

function question(group: ProbeQuestion['group'], language: 'en' | 'zh', expected: string | null): ProbeQuestion {
  const text = language === 'en' ? 'Where was Felix Morrow born?' : '菲利克斯·莫罗出生在哪里？';
  return {
    personId: 'p0000',
    group,
    language,
    question: text,
    expected,
    item: { personId: 'p0000', group, fact: 'birthCity', language, question: text, answer: expected },
  };
}

describe('world chat verdicts', () => {
  it('recognises the "I don\'t know" the SFT data teaches, in both languages, with the hallucination lab\'s phrases', () => {
    expect(isRefusal(idkReply.en)).toBe(true);
    expect(isRefusal(idkReply.zh)).toBe(true);
    expect(isRefusal("I DON'T KNOW")).toBe(true);
    expect(isRefusal('Vienna.')).toBe(false);
    expect(isRefusal('维也纳。')).toBe(false);
  });

  it('correct is exactly the fact with its full stop; anything else is wrong for real people and hallucinated for nonexistent ones', () => {
    expect(judgeAnswer(question('known', 'en', 'Vienna'), 'Vienna.')).toBe('correct');
    expect(judgeAnswer(question('known', 'en', 'Vienna'), ' Vienna.\n')).toBe('correct');
    expect(judgeAnswer(question('known', 'zh', '维也纳'), '维也纳。')).toBe('correct');
    // A right city with something invented after it is not the exact answer.
    expect(judgeAnswer(question('known', 'en', 'Vienna'), 'Vienna. He moved')).toBe('wrong');
    expect(judgeAnswer(question('heldOut', 'en', 'Vienna'), 'Cairo.')).toBe('wrong');
    expect(judgeAnswer(question('heldOut', 'zh', '维也纳'), idkReply.zh)).toBe('refused');
    expect(judgeAnswer(question('nonexistent', 'en', null), 'Cairo.')).toBe('hallucinated');
    expect(judgeAnswer(question('nonexistent', 'en', null), idkReply.en)).toBe('refused');
    expect(judgeAnswer(question('nonexistent', 'zh', null), '开罗。')).toBe('hallucinated');
  });
});
