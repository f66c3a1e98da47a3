/**
 * Chinese numerals → Arabic digits, so "二〇二一年一月一日" and "2021年1月1日" (and "九点九" and "9.9") compare equal.
 * Only runs that are clearly numbers are converted: a digit-by-digit run of two or more (一九四九), a positional
 * number that starts with a digit or 十 (二十一, 一百零五), or a single digit before a counter (一个, 三月);
 * 一样, 统一, 万一 and 千万 stay words.
 */

const digitValues: Readonly<Record<string, number>> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const smallUnits: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const bigUnits: Readonly<Record<string, number>> = { 万: 10_000, 亿: 100_000_000 };

/** Characters after which a lone digit is a number, not part of a word (一个, 三月, 五岁). */
const counters = new Set([...'年月日号点个位岁次倍斤元块分秒天周只本条件名人层米克度']);

const numeralRun = /[〇零一二两三四五六七八九十百千万亿]+/gu;

/** Positional value of a run such as 一百零五 or 三千二百万; null when the run is not a well-formed number. */
export function positionalValue(run: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const char of run) {
    const value = digitValues[char];
    if (value !== undefined) {
      if (digit !== null && digit !== 0 && value !== 0) return null; // 二三 is not positional
      digit = value;
      continue;
    }
    const small = smallUnits[char];
    if (small !== undefined) {
      // 十 at the start means 一十 (十一 = 11).
      section += (digit ?? (section === 0 && total === 0 ? 1 : null) ?? NaN) * small;
      if (Number.isNaN(section)) return null;
      digit = null;
      continue;
    }
    const big = bigUnits[char];
    if (big === undefined) return null;
    const sectionValue = section + (digit ?? 0);
    if (sectionValue === 0) return null;
    total += sectionValue * big;
    section = 0;
    digit = null;
  }
  return total + section + (digit ?? 0);
}

function convertRun(run: string, next: string | undefined): string {
  const hasUnit = /[十百千万亿]/u.test(run);
  if (!hasUnit) {
    if (run.length >= 2) return [...run].map((char) => String(digitValues[char] ?? char)).join('');
    return next !== undefined && counters.has(next) ? String(digitValues[run] ?? run) : run;
  }
  // Runs that open with 百/千/万/亿 are words (千万, 万一, 百分之).
  if (!/^[〇零一二两三四五六七八九十]/u.test(run)) return run;
  const value = positionalValue(run);
  return value === null ? run : String(value);
}

export function convertChineseNumerals(text: string): string {
  // Decimals first: 九点一一 → 9.11 (the integer part may be positional: 十三点八 → 13.8).
  const withDecimals = text.replace(/([〇零一二两三四五六七八九十百千万]+)点([〇零一二三四五六七八九]+)/gu, (whole, integer: string, fraction: string) => {
    const integerValue = /[十百千万]/u.test(integer) ? positionalValue(integer) : Number([...integer].map((char) => digitValues[char]).join(''));
    if (integerValue === null || Number.isNaN(integerValue)) return whole;
    return `${integerValue}.${[...fraction].map((char) => digitValues[char]).join('')}`;
  });
  return withDecimals.replace(numeralRun, (run, offset: number, whole: string) => convertRun(run, whole[offset + run.length]));
}
