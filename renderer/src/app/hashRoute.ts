/**
 * The hash route is `#/<page>` with optional query parameters, `#/datasets?dataset=<id>`: one page can open another
 * on a particular thing, and the target survives reload and back/forward because it lives in the URL.
 */
export interface HashRoute {
  /** The navigation id (`datasets`), or the default when the hash names none. */
  readonly page: string;
  readonly params: URLSearchParams;
}

export function parseHashRoute(hash: string, defaultPage: string): HashRoute {
  const path = hash.replace(/^#?\/?/, '');
  const queryStart = path.indexOf('?');
  const page = queryStart === -1 ? path : path.slice(0, queryStart);
  const params = new URLSearchParams(queryStart === -1 ? '' : path.slice(queryStart + 1));
  return { page: page || defaultPage, params };
}

/** `#/<page>?<params>` for a link's href or `window.location.hash`; parameters without a value are left out. */
export function hashFor(page: string, params: Readonly<Record<string, string | null | undefined>> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return `#/${page}${text ? `?${text}` : ''}`;
}
