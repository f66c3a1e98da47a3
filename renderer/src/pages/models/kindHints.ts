import type { TFunction } from 'i18next';

/** Hint codes from the engine ("name-chat:instruct", "chat-template") as a sentence in the UI language. */
export function kindHintText(t: TFunction<'models'>, hint: string): string {
  const [code, word] = hint.split(':');
  return t(`kind.hint.${code}` as 'kind.hint.chat-template', { word: word ?? '' });
}
