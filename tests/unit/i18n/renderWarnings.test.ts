import { get_encoding } from 'tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import { renderWarningCodes, type ChatMessage } from '../../../electron/shared/contract/tokenizer.ts';
import { compileChatTemplate } from '../../../electron/engine/templates/chatTemplate.ts';
import { renderTrainingExample } from '../../../electron/engine/templates/trainingRender.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';
import { renderWarningText } from '../../../renderer/src/pages/tokenizer/renderWarningText.ts';
import { translator } from '../../helpers/translator.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] as string).sort();
const encoder = get_encoding('cl100k_base', { '<|im_start|>': 100264, '<|im_end|>': 100265 });
afterAll(() => encoder.free());
const tokenize = (text: string, options: { special: boolean }): number[] => [...(options.special ? encoder.encode(text, 'all') : encoder.encode_ordinary(text))];

describe('chat-template render warnings: the engine gives a code and fields, the UI writes the sentence', () => {
  it('has a sentence for every warning code in both languages, with the same placeholders', () => {
    const en = i18nResources.en.tokenizer.renderWarning as Record<string, string>;
    const zh = i18nResources.zh.tokenizer.renderWarning as Record<string, string>;
    expect(Object.keys(en).sort()).toEqual([...renderWarningCodes, 'message_not_rendered_trained'].sort());
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect({ key, zh: placeholders(zh[key] as string) }).toEqual({ key, zh: placeholders(en[key] as string) });
  });

  it('renders real warnings — a dropped message, a duplicated one, a turn without an end token — in Chinese', async () => {
    const conversation: ChatMessage[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: '锄禾日当午' },
      { role: 'assistant', content: '汗滴禾下土。' },
    ];
    // Drops the system message and writes the assistant's answer twice, without an end-of-turn token.
    const template = compileChatTemplate(
      "{% for message in messages %}{% if message.role == 'user' %}<|im_start|>user\n{{ message.content }}<|im_end|>\n{% elif message.role == 'assistant' %}A: {{ message.content }}\nA: {{ message.content }}\n{% endif %}{% endfor %}",
    );
    const result = renderTrainingExample(template, conversation, tokenize);
    const codes = result.warnings.map((warning) => warning.code);
    expect(codes).toContain('message_not_rendered');
    expect(codes).toContain('message_rendered_twice');
    const zh = await translator('zh');
    const texts = result.warnings.map((warning) => renderWarningText(zh, warning));
    expect(texts).toContain('第 1 条消息（system（系统））没有出现在渲染后的文本中：模板把它丢掉了。');
    expect(texts).toContain('第 3 条消息（assistant（助手））在渲染后的文本中出现了 2 次；每一份都会参与训练。');
    // No English sentence left: only the role names (shown with their Chinese gloss) are Latin letters.
    for (const text of texts) expect(text.replace(/system|assistant|user|token/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    const en = await translator('en');
    expect(result.warnings.map((warning) => renderWarningText(en, warning))).toEqual(result.warnings.map((warning) => warning.message));
  });

  it('keeps the engine’s sentence for a code this renderer does not know', async () => {
    const zh = await translator('zh');
    const fromNewerEngine = { code: 'something_new', message: 'A newer engine says so.', messageIndex: null } as unknown as Parameters<typeof renderWarningText>[1];
    expect(renderWarningText(zh, fromNewerEngine)).toBe('A newer engine says so.');
  });
});
