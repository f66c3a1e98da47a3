import type { TemplateTag } from './templateTags.ts';

/** Statements that open a block, and the statement that must close it. `generation` is stripped by the lexer. */
const closingKeyword: Readonly<Record<string, string>> = {
  if: 'endif',
  for: 'endfor',
  macro: 'endmacro',
  call: 'endcall',
  filter: 'endfilter',
  set: 'endset',
};
const middleKeywordParents: Readonly<Record<string, readonly string[]>> = { elif: ['if'], else: ['if', 'for'] };

export interface OpenBlock {
  readonly keyword: string;
  readonly tagIndex: number;
}

export interface BlockProblem {
  readonly tagIndex: number;
  /** `unclosed`: an opening tag without its end; `misplaced`: a tag that does not fit where it stands. */
  readonly kind: 'unclosed' | 'misplaced';
  readonly reason: string;
}

export interface BlockScan {
  /** The blocks still open after each tag, innermost last. */
  readonly openAfter: readonly (readonly OpenBlock[])[];
  readonly problem: BlockProblem | null;
}

function opensBlock(tag: TemplateTag): string | null {
  const keyword = tag.keyword;
  if (!keyword || !(keyword in closingKeyword)) return null;
  // `{% set x = 1 %}` is a plain assignment; only `{% set x %}...{% endset %}` opens a block.
  if (keyword === 'set' && tag.body.includes('=')) return null;
  return keyword;
}

/** Checks that blocks nest and close, so "never closed" errors can point at the opening tag. */
export function scanBlocks(tags: readonly TemplateTag[]): BlockScan {
  const stack: OpenBlock[] = [];
  const openAfter: OpenBlock[][] = [];
  let problem: BlockProblem | null = null;
  tags.forEach((tag, tagIndex) => {
    if (!problem && tag.kind === 'statement' && tag.keyword) problem = applyStatement(tag.keyword, tag, tagIndex, stack);
    openAfter.push([...stack]);
  });
  if (!problem && stack.length > 0) {
    const innermost = stack.at(-1) as OpenBlock;
    problem = {
      tagIndex: innermost.tagIndex,
      kind: 'unclosed',
      reason: `the {% ${innermost.keyword} %} block opened here is never closed (missing {% ${closingKeyword[innermost.keyword]} %})`,
    };
  }
  return { openAfter, problem };
}

function applyStatement(keyword: string, tag: TemplateTag, tagIndex: number, stack: OpenBlock[]): BlockProblem | null {
  const opened = opensBlock(tag);
  if (opened) {
    stack.push({ keyword: opened, tagIndex });
    return null;
  }
  const parents = middleKeywordParents[keyword];
  if (parents) {
    const top = stack.at(-1);
    if (!top || !parents.includes(top.keyword)) {
      return { tagIndex, kind: 'misplaced', reason: `{% ${keyword} %} is not inside a {% ${parents.join(' %} or {% ')} %} block` };
    }
    return null;
  }
  if (keyword.startsWith('end') && keyword !== 'endgeneration') {
    const top = stack.pop();
    if (!top) return { tagIndex, kind: 'misplaced', reason: `{% ${keyword} %} closes a block that was never opened` };
    const expected = closingKeyword[top.keyword];
    if (expected !== keyword) {
      return { tagIndex, kind: 'misplaced', reason: `{% ${keyword} %} found where {% ${expected} %} was expected (to close the {% ${top.keyword} %} block)` };
    }
  }
  return null;
}

/** Statements that close the given open blocks, innermost first; appended to a template prefix to probe it. */
export function closingTagsFor(open: readonly OpenBlock[]): string {
  return open
    .toReversed()
    .map((block) => `{% ${closingKeyword[block.keyword]} %}`)
    .join('');
}
