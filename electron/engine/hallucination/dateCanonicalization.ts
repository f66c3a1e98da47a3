/**
 * Rewrites the date spellings people and models use into ISO form, so "2021年1月1日", "January 1, 2021",
 * "1 Jan 2021" and "2021/1/1" all become "2021-01-01". Input is already NFKC-folded and lower-cased.
 */

const monthNumbers: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11,
  nov: 11, december: 12, dec: 12,
};
const monthPattern = Object.keys(monthNumbers).sort((a, b) => b.length - a.length).join('|');
const fullMonthPattern = Object.keys(monthNumbers).filter((name) => name.length > 4 || name === 'may' || name === 'june' || name === 'july').join('|');

const pad = (value: number): string => String(value).padStart(2, '0');

function isoDate(year: string, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Replaces each match with `build(capture groups)`, or leaves it when `build` says it is not a real date. */
const rewrite = (text: string, pattern: RegExp, build: (groups: string[]) => string | null): string =>
  text.replace(pattern, (whole: string, ...rest: unknown[]) => {
    // replace() passes the groups, then the match offset (the first number), then the whole input.
    const groups = rest.slice(0, rest.findIndex((value) => typeof value === 'number')) as string[];
    return build(groups) ?? whole;
  });

export function canonicalizeDates(text: string): string {
  let result = text;
  // 2021年1月1日 / 2021年1月1号
  result = rewrite(result, /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/gu, ([year, month, day]) =>
    isoDate(year!, Number(month), Number(day)));
  // 2021-1-1, 2021/01/01, 2021.1.1
  result = rewrite(result, /(?<![\d.\-/])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])/gu, ([year, , month, day]) =>
    isoDate(year!, Number(month), Number(day)));
  // January 1, 2021 / jan. 1st 2021
  result = rewrite(result, new RegExp(`\\b(${monthPattern})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'gu'), ([month, day, year]) =>
    isoDate(year!, monthNumbers[month!] ?? 0, Number(day)));
  // 1 January 2021 / 1st of jan 2021
  result = rewrite(result, new RegExp(`(?<![\\d])(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${monthPattern})\\.?,?\\s+(\\d{4})(?!\\d)`, 'gu'), ([day, month, year]) =>
    isoDate(year!, monthNumbers[month!] ?? 0, Number(day)));
  // 2021年1月 and "january 2021" name a month only.
  result = rewrite(result, /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)/gu, ([year, month]) => {
    const value = Number(month);
    return value >= 1 && value <= 12 ? `${year}-${pad(value)}` : null;
  });
  result = rewrite(result, new RegExp(`\\b(${fullMonthPattern})\\s+(\\d{4})(?!\\d)`, 'gu'), ([month, year]) => `${year}-${pad(monthNumbers[month!] ?? 0)}`);
  return result;
}
