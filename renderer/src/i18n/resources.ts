import { enCommon } from './en/common.ts';
import { zhCommon } from './zh/common.ts';

/**
 * Every string of the UI, by language and namespace (one namespace per feature area). Areas add one line per
 * language; the zh objects are typed against the en ones so a missing key fails the typecheck.
 */
export const i18nResources = {
  en: {
    common: enCommon,
  },
  zh: {
    common: zhCommon,
  },
} as const;

export type Language = keyof typeof i18nResources;
export const languages: Language[] = ['en', 'zh'];
