import { describe, expect, it } from 'vitest';
import { convertChineseNumerals, positionalValue } from '../../../electron/engine/hallucination/chineseNumerals.ts';
import { findNormalized } from '../../../electron/engine/hallucination/phraseMatching.ts';
import { normalizeForMatching } from '../../../electron/engine/hallucination/textNormalization.ts';

describe('normalizeForMatching', () => {
  it('folds full-width characters, case and punctuation', () => {
    expect(normalizeForMatching('９．９比９．１１大！')).toBe('9.9比9.11大');
    expect(normalizeForMatching('The ANSWER is: Paris.')).toBe('answer is paris');
    expect(normalizeForMatching('I don’t know.')).toBe('i dont know');
    expect(normalizeForMatching("I don't KNOW")).toBe('i dont know');
  });

  it('drops spaces around Chinese text and around symbols, keeps them between words', () => {
    expect(normalizeForMatching('鲁迅 和 周树人 是 同一个人。')).toBe(normalizeForMatching('鲁迅和周树人是同一个人'));
    expect(normalizeForMatching('9.9 > 9.11')).toBe('9.9>9.11');
    expect(normalizeForMatching('António  Guterres')).toBe('antónio guterres');
  });

  it('writes every common date spelling as ISO', () => {
    const iso = '2021-01-01';
    for (const spelling of ['2021年1月1日', '2021 年 1 月 1 日', '2021年1月1号', '二〇二一年一月一日', '2021-1-1', '2021/01/01', '2021.1.1', 'January 1, 2021', 'Jan. 1st 2021', '1 January 2021', '1st of Jan 2021']) {
      expect(normalizeForMatching(spelling), spelling).toBe(iso);
    }
    expect(normalizeForMatching('2020年5月28日表决通过')).toBe('2020-05-28表决通过');
    expect(normalizeForMatching('2021年11月')).toBe('2021-11');
    expect(normalizeForMatching('2021年13月1日')).toBe('2021年13月1日');
  });

  it('reads Chinese numerals only where they are numbers', () => {
    expect(positionalValue('二十一')).toBe(21);
    expect(positionalValue('十一')).toBe(11);
    expect(positionalValue('一百零五')).toBe(105);
    expect(positionalValue('三千二百万')).toBe(32_000_000);
    expect(positionalValue('二三')).toBeNull();
    expect(convertChineseNumerals('一九四九年十月一日')).toBe('1949年10月1日');
    expect(convertChineseNumerals('九点九和九点一一')).toBe('9.9和9.11');
    expect(convertChineseNumerals('一样重，统一，万一，千万')).toBe('一样重，统一，万一，千万');
    expect(normalizeForMatching('负3比负5大')).toBe('-3比-5大');
  });

  it('removes thousands separators but not list commas', () => {
    expect(normalizeForMatching('1,000,000 people')).toBe('1000000 people');
    expect(normalizeForMatching('9.09, 9.11, 9.9')).toBe('9.09 9.11 9.9');
  });
});

describe('findNormalized', () => {
  it('does not match inside longer words or numbers', () => {
    expect(findNormalized('19.9 and 9.95', '9.9')).toEqual([]);
    expect(findNormalized('parisian', 'paris')).toEqual([]);
    expect(findNormalized('it is 9.9.', '9.9')).toHaveLength(1);
    expect(findNormalized('9.9.1', '9.9')).toEqual([]);
    expect(findNormalized('1989-11-09', '1989')).toHaveLength(1);
  });

  it('matches Chinese anywhere, since Chinese has no word boundaries', () => {
    expect(findNormalized('他们是同1个人', '同1个人')).toEqual([{ phrase: '同1个人', start: 3, end: 7 }]);
  });
});
