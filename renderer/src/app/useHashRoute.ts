import { useCallback, useEffect, useState } from 'react';
import { parseHashRoute } from './hashRoute.ts';

/**
 * Hash routing (#/compare): works the same under Electron's app:// protocol and the local web server, and needs
 * no server-side rewrites. The route is the page id; parameters after it (#/datasets?dataset=…) are read with
 * useHashParam.
 */
export function useHashRoute(defaultRoute: string): [string, (route: string) => void] {
  const read = (): string => parseHashRoute(window.location.hash, defaultRoute).page;
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = (): void => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  });
  const navigate = useCallback((next: string) => {
    window.location.hash = `/${next}`;
  }, []);
  return [route, navigate];
}

/** One parameter of the current hash route (`dataset` in #/datasets?dataset=…), kept current through back/forward. */
export function useHashParam(name: string): string | null {
  const read = (): string | null => parseHashRoute(window.location.hash, '').params.get(name);
  const [value, setValue] = useState(read);
  useEffect(() => {
    const onChange = (): void => setValue(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  });
  return value;
}
