import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowMeasure } from '../../../electron/engine/datasets/tokenCounters.ts';
import type { EngineServices } from '../../../electron/engine/engineServices.ts';
import { measuredHowSchema } from '../../../electron/shared/contract/datasets.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';
import { translator } from '../../helpers/translator.ts';

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] as string))].sort();

describe('how stats measured a row, in the interface language', () => {
  let zh: TFunction;
  beforeAll(async () => {
    zh = await translator('zh');
  });

  it('has a sentence for every way in both languages, with exactly its params', () => {
    const ways = measuredHowSchema.options.map((option) => [option.shape.key.value, Object.keys(option.shape.params.shape).sort()] as const);
    for (const language of ['en', 'zh'] as const) {
      const sentences = i18nResources[language].datasets.measuredHow as Record<string, string>;
      expect(Object.keys(sentences).sort()).toEqual(ways.map(([key]) => key).sort());
      for (const [key, params] of ways) expect({ language, key, placeholders: placeholders(sentences[key] as string) }).toEqual({ language, key, placeholders: params });
    }
  });

  it('a tiktoken count names its encoding and OpenAI’s per-message overhead', async () => {
    const measure = await rowMeasure({} as EngineServices, { kind: 'tiktoken', encoding: 'cl100k_base' });
    expect(measure.measuredHow).toEqual({ key: 'tiktoken_chat', params: { encoding: 'cl100k_base', perMessage: 3, perReply: 3 } });
    const params: Record<string, unknown> = measure.measuredHow.params;
    expect(zh(`datasets:measuredHow.${measure.measuredHow.key}`, params)).toBe('按 cl100k_base 计每轮内容的 token，每条消息另加 3 个、每次回复另加 3 个（OpenAI 聊天格式的开销）');
  });
});
