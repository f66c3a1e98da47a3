import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { SavedTemplate } from '../../shared/contract/tokenizer.ts';
import { compileChatTemplate } from '../templates/chatTemplate.ts';

interface TemplateRow {
  id: string;
  name: string;
  template: string;
  created_at: string;
  updated_at: string;
}

const fromRow = (row: TemplateRow): SavedTemplate => ({
  id: row.id,
  name: row.name,
  text: row.template,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Custom chat templates the user saved from the lab (table from migration 006). */
export class SavedTemplateStore {
  constructor(private readonly db: Database) {}

  list(): SavedTemplate[] {
    const rows = this.db.prepare('SELECT * FROM chat_templates ORDER BY name COLLATE NOCASE').all() as TemplateRow[];
    return rows.map(fromRow);
  }

  get(id: string): SavedTemplate {
    const row = this.db.prepare('SELECT * FROM chat_templates WHERE id = ?').get(id) as TemplateRow | undefined;
    if (!row) throw new WorkbenchError('not_found', `No saved chat template with id ${id}`, { field: 'id', id }, reason('saved_template_not_found', { id }));
    return fromRow(row);
  }

  /** Refuses a template that does not parse (the error names its line) and a name that is taken. */
  save(input: { id?: string; name: string; text: string }): SavedTemplate {
    compileChatTemplate(input.text, input.name);
    const clash = this.db
      .prepare('SELECT id FROM chat_templates WHERE name = ? COLLATE NOCASE AND id != ?')
      .get(input.name, input.id ?? '') as { id: string } | undefined;
    if (clash) throw new WorkbenchError('conflict', `A chat template named "${input.name}" already exists`, { field: 'name', id: clash.id }, reason('saved_template_name_taken', { name: input.name }));
    if (input.id) {
      const changed = this.db
        .prepare("UPDATE chat_templates SET name = ?, template = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?")
        .run(input.name, input.text, input.id).changes;
      if (changed === 0) throw new WorkbenchError('not_found', `No saved chat template with id ${input.id}`, { field: 'id', id: input.id }, reason('saved_template_not_found', { id: input.id }));
      return this.get(input.id);
    }
    const id = randomUUID();
    this.db.prepare('INSERT INTO chat_templates (id, name, template) VALUES (?, ?, ?)').run(id, input.name, input.text);
    return this.get(id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM chat_templates WHERE id = ?').run(id).changes > 0;
  }
}
