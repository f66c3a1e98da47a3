import { useCallback, useRef } from 'react';

/**
 * Scrolls every registered element with the one the user scrolls, proportionally (outputs differ in length).
 * Programmatic scrolls fire scroll events too; the element being followed is remembered so they do not echo.
 */
export function useSyncedScroll(enabled: boolean) {
  const elements = useRef(new Map<number, HTMLElement>());
  const following = useRef(new Set<HTMLElement>());

  const register = useCallback(
    (index: number) => (element: HTMLElement | null) => {
      if (element) elements.current.set(index, element);
      else elements.current.delete(index);
    },
    [],
  );

  const onScroll = useCallback(
    (index: number) => () => {
      if (!enabled) return;
      const source = elements.current.get(index);
      if (!source) return;
      if (following.current.delete(source)) return;
      const range = source.scrollHeight - source.clientHeight;
      const ratio = range > 0 ? source.scrollTop / range : 0;
      for (const [other, element] of elements.current) {
        if (other === index) continue;
        const target = ratio * (element.scrollHeight - element.clientHeight);
        if (Math.abs(element.scrollTop - target) < 1) continue;
        following.current.add(element);
        element.scrollTop = target;
      }
    },
    [enabled],
  );

  return { register, onScroll };
}
