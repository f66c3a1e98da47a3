import type { TFunction } from 'i18next';

/** Built-in categories have translated names; a user suite's own categories are shown as written. */
export function categoryLabel(t: TFunction<'hallucination'>, category: string): string {
  return t(`categories.${category}` as 'categories.riddle', { defaultValue: category.replaceAll('_', ' ') });
}

export const formatShare = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : `${Math.round(value * 100)}%`);

export const formatScore = (value: number): string => (value > 0 ? `+${value.toFixed(2)}` : value.toFixed(2));

/** One colour per run, the same in the chart, the tables and the item view. */
export const runColors = ['blue', 'orange', 'teal', 'grape', 'red', 'lime'] as const;
export const runColorValues = ['#228be6', '#fd7e14', '#12b886', '#be4bdb', '#fa5252', '#82c91e'] as const;
