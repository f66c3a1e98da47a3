import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reasonBuilderOf, reasonSchemaOf } from '../../../electron/shared/contract/reasonList.ts';

const params = {
  row_too_long: z.object({ tokens: z.number().int(), contextLength: z.number().int() }),
  field_missing: z.object({ field: z.string() }),
};

describe('reason lists', () => {
  const reason = reasonBuilderOf(params);
  const schema = reasonSchemaOf(params);

  it('a built reason carries its key and params and passes the list schema', () => {
    const built = reason('row_too_long', { tokens: 900, contextLength: 512 });
    expect(built).toEqual({ key: 'row_too_long', params: { tokens: 900, contextLength: 512 } });
    expect(schema.parse(built)).toEqual(built);
  });

  it('the schema refuses an unknown key and params of another key, and drops a newer engine’s extra param', () => {
    expect(schema.safeParse({ key: 'file_gone', params: {} }).success).toBe(false);
    expect(schema.safeParse({ key: 'field_missing', params: { tokens: 3 } }).success).toBe(false);
    expect(schema.parse({ key: 'field_missing', params: { field: 'messages', since: 'v2' } })).toEqual({ key: 'field_missing', params: { field: 'messages' } });
  });
});
