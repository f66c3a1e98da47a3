/**
 * JSON.parse that also says on which line each value starts, so an error about `items[3].answer` can name its
 * line. Paths are keys and indices joined by "/" ("items/3/answer"). A syntax error reports its line.
 */
export interface JsonWithLines {
  readonly value: unknown;
  lineOf(path: readonly (string | number)[]): number;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

export function parseJsonWithLines(text: string): JsonWithLines {
  const lines = new Map<string, number>();
  let at = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at line ${line}`, line);
  };
  const skipSpace = (): void => {
    while (at < text.length) {
      const char = text[at]!;
      if (char === '\n') line++;
      else if (char !== ' ' && char !== '\t' && char !== '\r' && char !== '\uFEFF') return;
      at++;
    }
  };
  const parseString = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') {
      if (text[at] === '\\') at++;
      else if (text[at] === '\n') fail('unterminated string');
      at++;
    }
    if (at >= text.length) fail('unterminated string');
    at++;
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      return fail('bad string escape');
    }
  };
  const parseValue = (path: string): unknown => {
    skipSpace();
    lines.set(path, line);
    const char = text[at];
    if (char === '{') {
      at++;
      const object: Record<string, unknown> = {};
      skipSpace();
      if (text[at] === '}') {
        at++;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[at] !== '"') fail('expected a quoted key');
        const key = parseString();
        skipSpace();
        if (text[at] !== ':') fail(`expected ":" after "${key}"`);
        at++;
        object[key] = parseValue(path === '' ? key : `${path}/${key}`);
        skipSpace();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return object;
        }
        fail('expected "," or "}"');
      }
    }
    if (char === '[') {
      at++;
      const array: unknown[] = [];
      skipSpace();
      if (text[at] === ']') {
        at++;
        return array;
      }
      for (;;) {
        array.push(parseValue(path === '' ? String(array.length) : `${path}/${array.length}`));
        skipSpace();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return array;
        }
        fail('expected "," or "]"');
      }
    }
    if (char === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 64));
    if (literal === null) return fail(at >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(char)}`);
    at += literal[0].length;
    return JSON.parse(literal[0]) as unknown;
  };
  const value = parseValue('');
  skipSpace();
  if (at < text.length) fail('unexpected text after the JSON value');
  return {
    value,
    lineOf: (path) => {
      for (let length = path.length; length >= 0; length--) {
        const found = lines.get(path.slice(0, length).join('/'));
        if (found !== undefined) return found;
      }
      return 1;
    },
  };
}
