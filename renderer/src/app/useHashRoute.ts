import { useCallback, useSyncExternalStore } from 'react';
import { parseHashRoute } from './hashRoute.ts';

/**
 * Hash routing (#/compare): works the same under Electron's app:// protocol and the local web server, and needs
 * no server-side rewrites. The route is the page id; parameters after it (#/datasets?dataset=…) are read with
 * useHashParam. Both read the hash as an external store, so every hashchange (links, back/forward) re-renders them.
 */
function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(defaultRoute: string): [string, (route: string) => void] {
  const route = useSyncExternalStore(subscribeToHash, () => parseHashRoute(window.location.hash, defaultRoute).page);
  const navigate = useCallback((next: string) => {
    window.location.hash = `/${next}`;
  }, []);
  return [route, navigate];
}

/** One parameter of the current hash route (`dataset` in #/datasets?dataset=…), kept current through back/forward. */
export function useHashParam(name: string): string | null {
  return useSyncExternalStore(subscribeToHash, () => parseHashRoute(window.location.hash, '').params.get(name));
}
