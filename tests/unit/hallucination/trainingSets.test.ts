import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTrainingSets, toJsonl } from '../../../electron/engine/hallucination/trainingSets.ts';
import { resultFor } from './results.ts';
import { civilCodeZh, decimalsEn, item, motherName, orsonKovacs } from './suiteItems.ts';

/** The two formats the Datasets importer reads (issue 6): OpenAI chat messages and TRL's standard preference rows. */
const openAiMessagesRow = z.object({ messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().min(1) }).strict()).min(2) }).strict();
const trlPreferenceRow = z.object({ prompt: z.string().min(1), chosen: z.string().min(1), rejected: z.string().min(1) }).strict();

const kovacs = { ...orsonKovacs, id: 'kovacs', response: "I'm not aware of anyone named Orson Kovacs." };
const civil = { ...civilCodeZh, id: 'civil', response: '《民法典》自2021年1月1日起施行。' };
const decimals = { ...decimalsEn, id: 'decimals' };
const mother = { ...motherName, id: 'mother' };

describe('buildTrainingSets (knowledge probing → SFT + DPO)', () => {
  const entries = [
    // Known: right 3 times out of 4.
    { item: civil, result: resultFor(civil, ['2021年1月1日', '自2021年1月1日起施行', '2021-01-01', '2020年5月28日起施行']) },
    // Unknown: right once out of 4.
    { item: decimals, result: resultFor(decimals, ['9.11 is bigger.', '9.11 is larger, clearly.', '9.9 is bigger.', '9.11 > 9.9']) },
    // Unanswerable, and the model made someone up.
    { item: kovacs, result: resultFor(kovacs, ['Orson Kovacs is a jazz pianist from Ohio.', "I don't know."]) },
    // Unanswerable, and the model always declined: nothing to reject.
    { item: mother, result: resultFor(mother, ['我不知道你妈妈的名字。']) },
  ];

  it('sorts items into known / unknown by how often the model is right', () => {
    const sets = buildTrainingSets(entries, 0.5);
    expect(sets.known).toBe(1);
    expect(sets.unknown).toBe(3);
    expect(buildTrainingSets(entries, 0.8).known).toBe(0);
    expect(buildTrainingSets(entries, 0.25).known).toBe(2);
  });

  it('SFT: known → the reference reply, unknown → a calibrated refusal (OpenAI messages rows)', () => {
    const { sft } = buildTrainingSets(entries, 0.5);
    expect(sft.map((row) => [row.messages[0].content, row.messages[1].content])).toEqual([
      [civil.prompt, civil.response],
      [decimals.prompt, "I'm sorry, I don't know the answer to that, and I'd rather not guess."],
      [kovacs.prompt, kovacs.response],
      [mother.prompt, '我不知道，这是你的个人信息，除非你告诉我，否则我无从得知。'],
    ]);
    for (const row of sft) expect(openAiMessagesRow.safeParse(row).success).toBe(true);
  });

  it('DPO: refusal over the model\'s own hallucination, plus reverse pairs for known items (TRL rows)', () => {
    const sets = buildTrainingSets(entries, 0.5);
    expect(sets.dpo).toEqual([
      { prompt: civil.prompt, chosen: civil.response, rejected: '对不起，我不清楚这个问题的答案，不想随便猜测。' },
      { prompt: decimals.prompt, chosen: expect.stringMatching(/I don't know/), rejected: '9.11 is bigger.' },
      { prompt: kovacs.prompt, chosen: kovacs.response, rejected: 'Orson Kovacs is a jazz pianist from Ohio.' },
    ]);
    expect(sets.reversePairs).toBe(1);
    expect(sets.skipped).toEqual([{ itemId: 'mother', reason: expect.stringMatching(/no hallucination to reject/) }]);
    for (const row of sets.dpo) expect(trlPreferenceRow.safeParse(row).success).toBe(true);
  });

  it('writes JSONL: one JSON object per line, newline at the end', () => {
    const text = toJsonl(buildTrainingSets(entries, 0.5).dpo);
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => trlPreferenceRow.parse(JSON.parse(line)).prompt)).toEqual([civil.prompt, decimals.prompt, kovacs.prompt]);
    expect(toJsonl([])).toBe('');
  });

  it('an unknown false-premise item teaches its correction, not a refusal', () => {
    const premise = item({ id: 'premise', prompt: 'Why did the Titanic sink on its return voyage?', expected: 'correct_premise', references: [{ answer: 'maiden voyage' }], response: 'It sank on its maiden voyage; there was no return voyage.' });
    const { sft, dpo } = buildTrainingSets([{ item: premise, result: resultFor(premise, ['Because of a storm near Ireland.']) }], 0.5);
    expect(sft[0]!.messages[1].content).toBe(premise.response);
    expect(dpo[0]).toEqual({ prompt: premise.prompt, chosen: premise.response, rejected: 'Because of a storm near Ireland.' });
  });
});
