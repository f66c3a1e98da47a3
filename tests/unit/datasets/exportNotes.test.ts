import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportNoteWords } from '../../../electron/shared/english/exportNoteWords.ts';
import { rowToRecord } from '../../../electron/engine/datasets/rowToRecord.ts';
import { exportNoteKeys, type CanonicalRow, type ExportNote } from '../../../electron/shared/contract/datasets.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';
import { exportNoteTexts } from '../../../renderer/src/pages/datasets/exportNoteText.ts';
import { translator } from '../../helpers/translator.ts';

describe('an export’s notes in the interface language', () => {
  let zh: TFunction;
  let en: TFunction;
  beforeAll(async () => {
    [zh, en] = await Promise.all([translator('zh'), translator('en')]);
  });

  it('has a note for every key in both languages, and the engine’s English for each', () => {
    expect(Object.keys(exportNoteWords).sort()).toEqual([...exportNoteKeys].sort());
    for (const language of ['en', 'zh'] as const) expect(Object.keys(i18nResources[language].datasets.exportNote).sort()).toEqual([...exportNoteKeys].sort());
  });

  it('says what a format lost and how many rows it left out, in Chinese and in the engine’s English', () => {
    const weighted: CanonicalRow = { kind: 'conversation', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a', weight: 0 }] };
    const withTool: CanonicalRow = { kind: 'conversation', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'c' }, { role: 'tool', content: '{}' }, { role: 'assistant', content: 'a' }] };
    const lost = rowToRecord(weighted, 'alpaca');
    const refused = rowToRecord(withTool, 'alpaca');
    if (!lost.ok || !lost.lossy || refused.ok) throw new Error('expected a lossy row and a refused one');
    const noteKeys: ExportNote[] = [{ key: lost.lossy, rows: null }, { key: refused.note, rows: 3 }];
    expect(exportNoteTexts(zh, { notes: [], noteKeys })).toEqual(['丢弃了逐条消息的权重（Alpaca 没有权重）', '3 行被略过：Alpaca 放不下工具轮次']);
    expect(exportNoteTexts(en, { notes: [], noteKeys })).toEqual(['per-message weights dropped (Alpaca has none)', '3 rows left out: Alpaca cannot hold tool turns']);
    expect(exportNoteTexts(zh, { notes: ['from a newer engine'] })).toEqual(['from a newer engine']);
  });
});
