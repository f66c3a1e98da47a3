import { describe, expect, it } from 'vitest';
import { detectSource } from '../../../electron/engine/datasets/planSource.ts';
import { placeholderNames } from '../../../electron/engine/datasets/placeholders.ts';
import { validateSource } from '../../../electron/engine/datasets/validateSource.ts';
import { fixturePath, readAll } from './readFixture.ts';

describe('{{name}} placeholders (LLaMA-Factory identity.json)', () => {
  it('are found and listed with their rows, before import (detect) and over the whole file (validate)', async () => {
    const path = fixturePath('identity.json');
    expect((await detectSource(path, path, {})).detection.placeholders).toEqual(['name', 'author']);
    const report = await validateSource(path, path, {}, { maxErrors: 100 });
    expect(report.placeholders).toEqual([
      { name: 'name', rows: 2, firstRow: 1, file: null, value: null },
      { name: 'author', rows: 2, firstRow: 1, file: null, value: null },
    ]);
  });

  it('are filled from the values the user gives', async () => {
    const read = await readAll(fixturePath('identity.json'), { placeholders: { name: 'Nova', author: 'Acme Labs' } });
    expect(read.rows.map((row) => (row.kind === 'conversation' ? row.messages[1]?.content : null))).toEqual([
      'Hello! I am Nova, an assistant made by Acme Labs. How can I help?',
      'I am Nova, built by Acme Labs.',
      'I answer questions and help with writing.',
    ]);
  });

  it('are listed through dataset_info.json with the file that holds them', async () => {
    const path = fixturePath('llamafactory/dataset_info.json');
    const report = await validateSource(path, path, { placeholders: { name: 'Nova' } }, { maxErrors: 100 });
    expect(report.placeholders).toEqual([
      { name: 'name', rows: 2, firstRow: 1, file: fixturePath('llamafactory/identity.json'), value: 'Nova' },
      { name: 'author', rows: 2, firstRow: 1, file: fixturePath('llamafactory/identity.json'), value: null },
    ]);
  });

  it('are plain names: dotted template expressions quoted in code are left alone', () => {
    expect(placeholderNames('token: ${{ secrets.GITHUB_TOKEN }} for {{ github.repository }}; I am {{name}}')).toEqual(['name']);
  });
});
