/**
 * A scan of a Jinja template's tags with their offsets. @huggingface/jinja reports errors without positions,
 * so we find the tags ourselves and use them to say which line a problem is on.
 */
export type TemplateTagKind = 'expression' | 'statement' | 'comment';

export interface TemplateTag {
  readonly kind: TemplateTagKind;
  /** Offset of the opening `{`. */
  readonly start: number;
  /** Offset just after the closing delimiter; the template's length when the tag is never closed. */
  readonly end: number;
  readonly closed: boolean;
  /** For statements: the first word (`if`, `endfor`, `set`...). */
  readonly keyword: string | null;
  /** The text between the delimiters, without whitespace-control dashes. */
  readonly body: string;
}

const closerFor: Record<TemplateTagKind, string> = { expression: '}}', statement: '%}', comment: '#}' };
const kindFor: Record<string, TemplateTagKind> = { '{': 'expression', '%': 'statement', '#': 'comment' };

export function scanTemplateTags(source: string): TemplateTag[] {
  const tags: TemplateTag[] = [];
  let cursor = 0;
  while (cursor < source.length) {
    const open = findTagOpening(source, cursor);
    if (open === -1) break;
    const kind = kindFor[source[open + 1] ?? ''] as TemplateTagKind;
    const end = findTagEnd(source, open + 2, kind);
    const closed = end !== -1;
    const tagEnd = closed ? end : source.length;
    const bodyEnd = closed ? tagEnd - 2 : tagEnd;
    const body = source.slice(open + 2, bodyEnd).replace(/^[-+]/, '').replace(/-$/, '');
    const keyword = kind === 'statement' ? (/^\s*([A-Za-z_]\w*)/.exec(body)?.[1] ?? null) : null;
    tags.push({ kind, start: open, end: tagEnd, closed, keyword, body });
    cursor = tagEnd;
  }
  return tags;
}

function findTagOpening(source: string, from: number): number {
  for (let i = source.indexOf('{', from); i !== -1; i = source.indexOf('{', i + 1)) {
    const next = source[i + 1];
    if (next === '{' || next === '%' || next === '#') return i;
  }
  return -1;
}

/** Returns the offset after the closing delimiter, skipping delimiters inside string literals. */
function findTagEnd(source: string, from: number, kind: TemplateTagKind): number {
  const closer = closerFor[kind];
  if (kind === 'comment') {
    const at = source.indexOf(closer, from);
    return at === -1 ? -1 : at + 2;
  }
  let quote: string | null = null;
  for (let i = from; i < source.length; i++) {
    const char = source[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === closer[0] && source[i + 1] === closer[1]) return i + 2;
  }
  return -1;
}

export interface LineColumn {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units like editors count. */
  readonly column: number;
}

export function lineColumnAt(source: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
