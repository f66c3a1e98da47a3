import i18next, { type TFunction } from 'i18next';
import { i18nResources } from '../../renderer/src/i18n/resources.ts';

/** The interface's `t` in one language, as the renderer sets it up (all namespaces, no HTML escaping). */
export async function translator(language: 'en' | 'zh'): Promise<TFunction> {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: i18nResources, lng: language, defaultNS: 'common', interpolation: { escapeValue: false } });
  return i18n.t;
}
