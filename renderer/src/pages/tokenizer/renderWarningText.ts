import type { TFunction } from 'i18next';
import type { RenderWarning } from '../../../../electron/shared/contract/tokenizer.ts';

const knownRoles = new Set(['system', 'user', 'assistant', 'tool']);

/**
 * A render warning in the interface's language, built from its code and fields. The engine's English `message`
 * is used only for a code this renderer does not know (a newer engine).
 */
export function renderWarningText(t: TFunction, warning: RenderWarning): string {
  const role = warning.role === undefined ? '' : knownRoles.has(warning.role) ? t(`tokenizer:roles.${warning.role}`) : warning.role;
  const params = { number: (warning.messageIndex ?? 0) + 1, role, copies: warning.copies ?? 0, interpolation: { escapeValue: false } };
  const key = warning.code === 'message_not_rendered' && warning.trained ? 'message_not_rendered_trained' : warning.code;
  return t(`tokenizer:renderWarning.${key}`, { ...params, defaultValue: warning.message });
}
