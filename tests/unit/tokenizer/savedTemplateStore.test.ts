import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { tokenizerMigration } from '../../../electron/engine/store/migrations/006_tokenizer.ts';
import { SavedTemplateStore } from '../../../electron/engine/tokenizer/savedTemplateStore.ts';

describe('SavedTemplateStore (migration 006)', () => {
  let db: BetterSqlite3.Database;
  let store: SavedTemplateStore;
  beforeEach(() => {
    db = new BetterSqlite3(':memory:');
    tokenizerMigration.up(db);
    store = new SavedTemplateStore(db);
  });
  afterEach(() => db.close());

  it('saves, lists by name, updates and deletes', () => {
    const b = store.save({ name: 'b-chatml', text: '{{ messages[0].content }}' });
    const a = store.save({ name: 'A mine', text: '{% for m in messages %}{{ m.content }}{% endfor %}' });
    expect(store.list().map((template) => template.name)).toEqual(['A mine', 'b-chatml']);
    const updated = store.save({ id: b.id, name: 'b-chatml', text: '{{ bos_token }}' });
    expect(updated).toMatchObject({ id: b.id, text: '{{ bos_token }}', createdAt: b.createdAt });
    expect(store.delete(a.id)).toBe(true);
    expect(store.delete(a.id)).toBe(false);
    expect(store.list().map((template) => template.id)).toEqual([b.id]);
  });

  it('refuses a template that does not parse, naming the line', () => {
    try {
      store.save({ name: 'broken', text: 'ok\n{% if x %}' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WorkbenchError);
      expect((error as WorkbenchError).details).toMatchObject({ line: 2 });
    }
    expect(store.list()).toEqual([]);
  });

  it('refuses a name already taken (case-insensitively) and unknown ids', () => {
    store.save({ name: 'ChatML', text: 'x' });
    expect(() => store.save({ name: 'chatml', text: 'y' })).toThrow(/already exists/);
    expect(() => store.save({ id: 'nope', name: 'other', text: 'y' })).toThrow(/No saved chat template/);
    expect(() => store.get('nope')).toThrow(WorkbenchError);
  });
});
