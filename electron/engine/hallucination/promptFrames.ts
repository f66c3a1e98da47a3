import type { SuiteLanguage } from '../../shared/contract/hallucination.ts';

/**
 * The text around a question. Chat models get the question as the user's message (their template does the
 * rest); base models are document simulators, so they get a Question/Answer document to continue, with two
 * neutral examples so they know an answer is a short line (the few-shot trick from the lecture notes).
 */

export const languageOf = (text: string): SuiteLanguage => (/\p{Script=Han}/u.test(text) ? 'zh' : 'en');

const rawFrames: Readonly<Record<SuiteLanguage, { examples: string; question: string; answer: string }>> = {
  en: {
    examples: 'Question: What is the boiling point of water at sea level in degrees Celsius?\nAnswer: 100 degrees Celsius.\n\nQuestion: Who wrote the play Hamlet?\nAnswer: William Shakespeare.\n\n',
    question: 'Question: ',
    answer: '\nAnswer:',
  },
  zh: {
    examples: '问题：水在海平面的沸点是多少摄氏度？\n回答：100摄氏度。\n\n问题：《哈姆雷特》的作者是谁？\n回答：莎士比亚。\n\n',
    question: '问题：',
    answer: '\n回答：',
  },
};

/** The document a base model continues; its reply ends where it starts the next question. */
export function rawQuestionDocument(question: string): string {
  const frame = rawFrames[languageOf(question)];
  return `${frame.examples}${frame.question}${question}${frame.answer}`;
}

/** Where a base model's answer stops: a blank line or the next "Question:". */
export const rawStopStrings: readonly string[] = ['\n\n', '\nQuestion:', '\n问题：'];

export function cutAtRawStop(text: string): string {
  let end = text.length;
  for (const stop of rawStopStrings) {
    const index = text.indexOf(stop);
    if (index !== -1 && index < end) end = index;
  }
  return text.slice(0, end).trim();
}

/** English answers in the raw frame follow "Answer:" with a space; Chinese ones follow "回答：" directly. */
export const rawContinuation = (question: string, continuation: string): string =>
  languageOf(question) === 'en' && !continuation.startsWith(' ') ? ` ${continuation}` : continuation;

/** The "context fixes it" prompt: the reference passage in front of the question, as a search tool would put it. */
export function contextPrompt(question: string, passage: string, lang: SuiteLanguage): string {
  return lang === 'zh'
    ? `请根据下面的参考资料回答问题。\n\n参考资料：${passage}\n\n问题：${question}`
    : `Answer the question using the reference below.\n\nReference: ${passage}\n\nQuestion: ${question}`;
}

/** Short "I don't know" replies whose probability the model is asked for. */
export const refusalContinuations: Readonly<Record<SuiteLanguage, readonly string[]>> = {
  en: ["I don't know.", "I'm not sure.", "I'm sorry, I don't know the answer to that."],
  zh: ['我不知道。', '我不确定。', '对不起，我不清楚。'],
};
