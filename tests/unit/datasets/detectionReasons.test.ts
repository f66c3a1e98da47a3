import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../../electron/engine/datasets/detectFormat.ts';
import { detectionReasonKeys, detectionReasonParams, detectionReasonSchema } from '../../../electron/shared/contract/datasetDetectionReasons.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';
import { detectionText } from '../../../renderer/src/pages/datasets/detectionText.ts';
import { translator } from '../../helpers/translator.ts';

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] as string))].sort();

describe('why a file was read as a format, in the interface language', () => {
  let zh: TFunction;
  beforeAll(async () => {
    zh = await translator('zh');
  });

  it('has a sentence for every detection reason in both languages, using exactly its params', () => {
    for (const language of ['en', 'zh'] as const) {
      const sentences = i18nResources[language].datasets.detectionReason as Record<string, string>;
      expect(Object.keys(sentences).sort()).toEqual([...detectionReasonKeys].sort());
      for (const key of detectionReasonKeys) {
        expect({ language, key, placeholders: placeholders(sentences[key] as string) }).toEqual({ language, key, placeholders: Object.keys(detectionReasonParams[key].shape).sort() });
      }
    }
  });

  it('gives every guess a reason the UI can say: sure formats, guessed columns, KTO labels', () => {
    const cases: [unknown[], string][] = [
      [['just text', 'more text'], '每条记录都是纯文本'],
      [[{ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }], '一个由 role/content 轮次组成的“messages”列表（OpenAI 聊天格式）'],
      [[{ question: 'q', answer: 'a' }], '把“question”和“answer”当作 Alpaca 的指令和回答来读'],
      [[{ body: 'a document' }], '把“body”当作文档正文来读'],
      [[{ conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }], label: true }], '一个“conversations”列表（ShareGPT），每行都由“label”标为理想或不理想（KTO）'],
      [[{ prompt: 'q', chosen: 'good', rejected: 'bad' }], 'prompt、chosen 和 rejected 都是文本（TRL 标准式）'],
    ];
    for (const [samples, text] of cases) {
      const best = detectFormat(samples).candidates[0];
      expect(detectionReasonSchema.safeParse(best?.why).success).toBe(true);
      expect(best && detectionText(zh, best)).toBe(text);
    }
  });

  it('shows the engine’s words for a reason this renderer does not know', () => {
    expect(detectionText(zh, { kind: 'sft', reason: 'a newer engine says so' })).toBe('a newer engine says so');
  });
});
