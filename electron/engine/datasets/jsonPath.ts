/** JSON paths as users read them: `$[3].messages[2].content`, `$["user name"]`. */
const identifier = /^[A-Za-z_$][\w$]*$/;

export const keyPath = (base: string, key: string): string => (identifier.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`);

export const indexPath = (base: string, index: number): string => `${base}[${index}]`;

/** Where a record sits in its file: `$[i]` for an item of a JSON array, `$` for a line of JSONL or CSV. */
export const recordBase = (index: number | null): string => (index === null ? '$' : `$[${index}]`);
