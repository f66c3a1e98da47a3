import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18nResources, type Language } from './resources.ts';

/** Follows the OS/browser language (Chinese variants → zh) until the user picks one in Settings. */
export function systemLanguage(): Language {
  const preferred = typeof navigator === 'undefined' ? 'en' : navigator.language;
  return preferred.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setupI18n(language: Language = systemLanguage()): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources: i18nResources,
    lng: language,
    fallbackLng: 'en',
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18n;
}
