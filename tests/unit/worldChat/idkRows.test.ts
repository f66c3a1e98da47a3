import { describe, expect, it } from 'vitest';
import type { WorldProbeItem, WorldProbeReport, WorldVerdict } from '../../../electron/shared/contract/worldChat.ts';
import type { QaItem } from '../../../electron/engine/pretraining/world/worldTypes.ts';
import { buildIdkRows, idkReply } from '../../../electron/engine/worldChat/idkRows.ts';

function item(group: WorldProbeItem['group'], language: 'en' | 'zh', question: string, expected: string | null, text: string, verdict: WorldVerdict): WorldProbeItem {
  return { personId: question, group, language, question, expected, answers: { chat: { text, verdict } } };
}

const counts = { asked: 0, correct: 0, wrong: 0, refused: 0, hallucinated: 0 };
const report: WorldProbeReport = {
  worldDir: '/w',
  models: [{ label: 'chat', modelPath: '/m.gguf', byGroup: { known: counts, heldOut: counts, nonexistent: counts }, completion: { asked: 0, correct: 0 } }],
  items: [
    item('known', 'en', 'Where was Ann born?', 'Vienna', 'Vienna.', 'correct'),
    item('known', 'en', 'Where was Bob born?', 'Paris', 'Cairo.', 'wrong'),
    item('heldOut', 'en', 'Where was Cid born?', 'Rome', 'Cairo.', 'wrong'),
    item('heldOut', 'en', 'Where was Dee born?', 'Oslo', 'Oslo.', 'correct'),
    item('heldOut', 'zh', '伊娃出生在哪里？', '开罗', idkReply.zh, 'refused'),
    item('nonexistent', 'en', 'Where was Fay born?', null, 'Lima.', 'hallucinated'),
    item('nonexistent', 'zh', '盖伊出生在哪里？', null, '我不知道。', 'refused'),
  ],
};
const qa: QaItem[] = [
  { personId: 'a', group: 'known', fact: 'birthCity', language: 'en', question: 'Where was Ann born?', answer: 'Vienna' },
  { personId: 'a', group: 'known', fact: 'birthCity', language: 'zh', question: '安出生在哪里？', answer: '维也纳' },
  { personId: 'c', group: 'heldOut', fact: 'birthCity', language: 'en', question: 'Where was Cid born?', answer: 'Rome' },
  { personId: 'f', group: 'nonexistent', fact: 'birthCity', language: 'en', question: 'Where was Fay born?', answer: null },
];

describe('"I don\'t know" rows from a world probe', () => {
  it('refuses for nonexistent and wrongly answered held-out people, replays known answers, and pairs refusals against the model\'s inventions', () => {
    const rows = buildIdkRows(report, 'chat', qa);
    const reply = (question: string) => rows.sft.filter((row) => row.messages[0].content === question).map((row) => row.messages[1].content);
    expect(reply('Where was Fay born?')).toEqual(["I don't know."]);
    expect(reply('盖伊出生在哪里？')).toEqual(['我不知道。']);
    expect(reply('Where was Cid born?')).toEqual(["I don't know."]);
    expect(reply('伊娃出生在哪里？')).toEqual(['我不知道。']);
    expect(reply('Where was Dee born?')).toEqual(['Oslo.']);
    // Known people: every qa.jsonl question with its exact answer, whatever the probe said.
    expect(reply('Where was Ann born?')).toEqual(['Vienna.']);
    expect(reply('安出生在哪里？')).toEqual(['维也纳。']);
    expect(reply('Where was Bob born?')).toEqual([]);
    expect(rows.sft).toHaveLength(7);

    expect(rows.dpo).toEqual([
      { prompt: 'Where was Cid born?', chosen: "I don't know.", rejected: 'Cairo.' },
      { prompt: 'Where was Fay born?', chosen: "I don't know.", rejected: 'Lima.' },
      { prompt: 'Where was Ann born?', chosen: 'Vienna.', rejected: "I don't know." },
    ]);
    expect(rows.reasons).toEqual({
      'idk: nonexistent person': 2,
      'idk: held-out person answered wrong': 1,
      'idk: held-out person, refusal kept': 1,
      'replay: held-out person answered right': 1,
      'replay: known person': 2,
      'dpo: refusal over hallucination': 1,
      'dpo: refusal over wrong answer': 1,
      'dpo: answer over refusal (known person)': 1,
    });
  });

  it('names the label when the report has no such model', () => {
    expect(() => buildIdkRows(report, 'base', qa)).toThrow(/no model labelled "base".*chat/);
  });
});
