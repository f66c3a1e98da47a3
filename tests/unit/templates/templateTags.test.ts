import { describe, expect, it } from 'vitest';
import { scanBlocks } from '../../../electron/engine/templates/templateBlocks.ts';
import { lineColumnAt, scanTemplateTags } from '../../../electron/engine/templates/templateTags.ts';

describe('scanTemplateTags', () => {
  it('finds tags with offsets, skipping delimiters inside strings', () => {
    const source = "a{{- '%}' + \"}}\" }}b{% if x -%}c{# note #}{% endif %}";
    const tags = scanTemplateTags(source);
    expect(tags.map((tag) => [tag.kind, tag.keyword, source.slice(tag.start, tag.end)])).toEqual([
      ['expression', null, "{{- '%}' + \"}}\" }}"],
      ['statement', 'if', '{% if x -%}'],
      ['comment', null, '{# note #}'],
      ['statement', 'endif', '{% endif %}'],
    ]);
  });

  it('marks a tag that never closes', () => {
    const tags = scanTemplateTags("x {{ 'abc }}");
    expect(tags).toHaveLength(1);
    expect(tags[0]?.closed).toBe(false);
  });

  it('converts offsets to 1-based line and column', () => {
    expect(lineColumnAt('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
    expect(lineColumnAt('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('scanBlocks', () => {
  it('tracks nesting and tells a block-set from an assignment', () => {
    const scan = scanBlocks(scanTemplateTags('{% for m in x %}{% set y = 1 %}{% set z %}q{% endset %}{% if a %}{% elif b %}{% else %}{% endif %}{% endfor %}'));
    expect(scan.problem).toBeNull();
    expect(scan.openAfter.map((open) => open.map((block) => block.keyword).join('>'))).toEqual([
      'for', 'for', 'for>set', 'for', 'for>if', 'for>if', 'for>if', 'for', '',
    ]);
  });

  it('reports misplaced and unclosed blocks', () => {
    expect(scanBlocks(scanTemplateTags('{% else %}')).problem).toMatchObject({ tagIndex: 0, kind: 'misplaced' });
    expect(scanBlocks(scanTemplateTags('{% if a %}{% endfor %}')).problem).toMatchObject({ tagIndex: 1, kind: 'misplaced' });
    expect(scanBlocks(scanTemplateTags('{% for a in b %}{% if c %}{% endif %}')).problem).toMatchObject({ tagIndex: 0, kind: 'unclosed' });
  });
});
