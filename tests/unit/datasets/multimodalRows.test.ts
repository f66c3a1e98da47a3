import { describe, expect, it } from 'vitest';
import { recordReader } from '../../../electron/engine/datasets/recordToRow.ts';
import { validateSource } from '../../../electron/engine/datasets/validateSource.ts';
import { fixturePath, readAll } from './readFixture.ts';

describe('multimodal rows (images, <image> markers) are refused with the row and field, never stripped', () => {
  it('refuses every row of a file with an images column, naming the column and the <image> marker', async () => {
    const read = await readAll(fixturePath('mllm.json'));
    expect(read.rows).toEqual([]);
    expect(read.totals).toMatchObject({ totalRows: 2, validRows: 0, counts: { multimodal: 3 } });
    expect(read.outcomes.map((outcome) => outcome.problems.map((problem) => [problem.index, problem.path, problem.code]))).toEqual([
      [
        [0, '$[0].images', 'multimodal'],
        [0, '$[0].messages[0].content', 'multimodal'],
      ],
      [[1, '$[1].images', 'multimodal']],
    ]);
    expect(read.outcomes[0]?.problems[1]?.message).toContain('<image>');
  });

  it('refuses them through dataset_info.json too, with the images column it declares', async () => {
    const path = fixturePath('llamafactory/dataset_info.json');
    const report = await validateSource(path, path, {}, { maxErrors: 100 });
    expect(report.entries?.find((entry) => entry.name === 'mllm_demo')).toMatchObject({ validRows: 0, totalRows: 2, counts: { multimodal: 3 } });
  });

  it('finds a marker in an Alpaca instruction and media under a renamed column', () => {
    const alpaca = recordReader({ format: 'alpaca', kind: 'sft', columns: {}, tags: {}, roles: {} })({ instruction: 'Transcribe <audio>', output: 'Hello.' }, '$');
    expect(alpaca.problems.map((problem) => [problem.path, problem.code])).toEqual([['$.instruction', 'multimodal']]);
    const renamed = recordReader({ format: 'openai', kind: 'sft', columns: { images: 'pictures' }, tags: {}, roles: {} })(
      { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }], pictures: ['a.png'] },
      '$',
    );
    expect([renamed.row, renamed.problems.map((problem) => problem.path)]).toEqual([null, ['$.pictures']]);
  });
});
