import { describe, expect, it } from 'vitest';
import { buildFewShotPrompt, detectPromptLanguage, joinContextAndText } from '../../../electron/engine/compare/fewShotPrompt.ts';

describe('few-shot dialogue prompt for base models', () => {
  it('puts the question in an English dialogue that ends where the assistant answers', () => {
    const { prompt, stop, language } = buildFewShotPrompt('  Why is the sky blue?\n');
    expect(language).toBe('en');
    expect(prompt.endsWith('User: Why is the sky blue?\nAssistant:')).toBe(true);
    expect(prompt).toContain('Assistant: The capital of France is Paris.');
    expect(stop).toContain('\nUser:');
    // The answer must end before the model writes the next user turn, in either language.
    expect(stop).toContain('\n用户：');
  });

  it('switches to a Chinese dialogue for a Chinese prompt', () => {
    const { prompt, language } = buildFewShotPrompt('天空为什么是蓝色的？');
    expect(language).toBe('zh');
    expect(prompt.endsWith('用户：天空为什么是蓝色的？\n助手：')).toBe(true);
    expect(prompt).toContain('助手：法国的首都是巴黎。');
  });

  it('follows an explicit language and uses the system text as the opening line', () => {
    const { prompt, language } = buildFewShotPrompt('天空为什么是蓝色的？', { language: 'en', system: 'You are a pirate.' });
    expect(language).toBe('en');
    expect(prompt.startsWith('You are a pirate.\n\nUser: Hi! Who are you?')).toBe(true);
  });

  it('detects the language by script share', () => {
    expect(detectPromptLanguage('hello world')).toBe('en');
    expect(detectPromptLanguage('用 Python 写一个排序')).toBe('zh');
    expect(detectPromptLanguage('Translate this sentence into French please: 你')).toBe('en');
  });

  it('joins a scored answer after "Assistant:" with the space generation would have produced', () => {
    expect(joinContextAndText('Assistant:', 'Paris.')).toEqual({ context: 'Assistant: ', text: 'Paris.' });
    expect(joinContextAndText('Assistant:', ' Paris.')).toEqual({ context: 'Assistant:', text: ' Paris.' });
    expect(joinContextAndText('助手：', '巴黎。')).toEqual({ context: '助手：', text: '巴黎。' });
  });
});
