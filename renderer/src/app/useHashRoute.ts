import { useCallback, useEffect, useState } from 'react';

/**
 * Hash routing (#/compare): works the same under Electron's app:// protocol and the local web server, and needs
 * no server-side rewrites.
 */
export function useHashRoute(defaultRoute: string): [string, (route: string) => void] {
  const read = (): string => window.location.hash.replace(/^#\/?/, '') || defaultRoute;
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
