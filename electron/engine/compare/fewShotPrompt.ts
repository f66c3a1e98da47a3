import type { FewShotLanguage } from '../../shared/contract/compare.ts';

export interface FewShotPrompt {
  readonly prompt: string;
  /** Where the base model starts writing the user's next turn: the answer ends there. */
  readonly stop: string[];
  readonly language: 'en' | 'zh';
}

interface Dialogue {
  readonly opening: string;
  readonly user: string;
  readonly assistant: string;
  readonly turns: readonly (readonly [string, string])[];
}

/**
 * A base model only continues documents. Shown a transcript in which an assistant answers helpfully, the most
 * likely continuation after "Assistant:" is a helpful answer: the oldest trick for making a base model act like
 * a chat model, and a fair baseline for what SFT adds. The examples are short, so the user's prompt dominates.
 */
const dialogues: Record<'en' | 'zh', Dialogue> = {
  en: {
    opening:
      'A conversation between a curious user and a helpful, honest AI assistant. The assistant answers clearly and says "I don\'t know" when it is not sure.',
    user: 'User:',
    assistant: 'Assistant:',
    turns: [
      ['Hi! Who are you?', 'Hello! I am an AI assistant. I can answer questions, explain ideas and help with writing.'],
      ['What is the capital of France?', 'The capital of France is Paris.'],
      ['Write a haiku about the sea.', 'Waves fold into foam,\nthe tide keeps its ancient time,\nsalt wind on my face.'],
    ],
  },
  zh: {
    opening: '以下是一位好奇的用户与一个乐于助人、诚实的 AI 助手之间的对话。助手回答清楚，不确定时会说“我不知道”。',
    user: '用户：',
    assistant: '助手：',
    turns: [
      ['你好！你是谁？', '你好！我是一个 AI 助手，可以回答问题、解释概念、帮忙写作。'],
      ['法国的首都是哪里？', '法国的首都是巴黎。'],
      ['用一句话解释什么是光合作用。', '光合作用是植物利用阳光，把二氧化碳和水转化为糖和氧气的过程。'],
    ],
  },
};

/** Both languages' turn markers stop the answer: a base model may switch language mid-dialogue. */
const stopMarkers = ['\nUser:', '\n用户：', '\nUser：', '\n用户:'];

const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/gu;
const latin = /[A-Za-z]/g;

/** Chinese when the prompt has at least as many CJK characters as Latin letters divided by four (a word's worth). */
export function detectPromptLanguage(prompt: string): 'en' | 'zh' {
  const cjkCount = prompt.match(cjk)?.length ?? 0;
  if (cjkCount === 0) return 'en';
  const latinCount = prompt.match(latin)?.length ?? 0;
  return cjkCount * 4 >= latinCount ? 'zh' : 'en';
}

export function buildFewShotPrompt(prompt: string, options: { system?: string; language?: FewShotLanguage } = {}): FewShotPrompt {
  const language = options.language === undefined || options.language === 'auto' ? detectPromptLanguage(prompt) : options.language;
  const dialogue = dialogues[language];
  const separator = language === 'en' ? ' ' : '';
  const opening = options.system?.trim() ? options.system.trim() : dialogue.opening;
  const turns = dialogue.turns.map(([question, answer]) => `${dialogue.user}${separator}${question}\n${dialogue.assistant}${separator}${answer}`);
  const text = `${opening}\n\n${turns.join('\n\n')}\n\n${dialogue.user}${separator}${prompt.trim()}\n${dialogue.assistant}`;
  return { prompt: text, stop: [...stopMarkers], language };
}

/**
 * Joins a few-shot (or raw) context and a text being scored the way generation would have produced it: after
 * "Assistant:" the model writes " answer", so a reference without the space gets one.
 */
export function joinContextAndText(context: string, text: string): { context: string; text: string } {
  if (context.endsWith(':') && text !== '' && !/^\s/u.test(text)) return { context: `${context} `, text };
  return { context, text };
}
