import type { KeyboardEvent } from 'react';
import { isRunShortcut } from './promptSettings.ts';

/** A view's onKeyDown: the run shortcut anywhere inside it runs the view's main action instead of typing a newline. */
export const runOnShortcut =
  (action: () => void) =>
  (event: KeyboardEvent): void => {
    if (isRunShortcut(event)) {
      event.preventDefault();
      action();
    }
  };
