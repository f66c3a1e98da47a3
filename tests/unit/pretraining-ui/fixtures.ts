import type { JobRecord } from '../../../electron/shared/contract/jobs.ts';
import type { WorldProbeCounts, WorldProbeItem, WorldProbeReport } from '../../../electron/shared/contract/worldChat.ts';

export const counts = (asked: number, correct: number, wrong: number, refused: number, hallucinated: number): WorldProbeCounts => ({ asked, correct, wrong, refused, hallucinated });

export function item(personId: string, group: WorldProbeItem['group'], answers: WorldProbeItem['answers'], expected: string | null = 'Paris'): WorldProbeItem {
  return { personId, group, language: 'en', question: `Where was ${personId} born?`, expected, answers };
}

/** base knows little and makes things up; chat knows the known people and still makes things up about the rest. */
export function report(): WorldProbeReport {
  return {
    worldDir: '/w',
    models: [
      {
        label: 'base',
        modelPath: '/m/base.gguf',
        byGroup: { known: counts(4, 1, 3, 0, 0), heldOut: counts(4, 0, 4, 0, 0), nonexistent: counts(4, 0, 0, 0, 4) },
        completion: { asked: 10, correct: 7 },
      },
      {
        label: 'chat',
        modelPath: '/m/chat.gguf',
        byGroup: { known: counts(4, 3, 1, 0, 0), heldOut: counts(4, 1, 2, 1, 0), nonexistent: counts(4, 0, 0, 1, 3) },
        completion: { asked: 10, correct: 6 },
      },
    ],
    items: [
      item('p1', 'known', { base: { text: 'Rome', verdict: 'wrong' }, chat: { text: 'Paris', verdict: 'correct' } }),
      item('p2', 'heldOut', { base: { text: 'Rome', verdict: 'wrong' }, chat: { text: 'I don’t know', verdict: 'refused' } }),
      item('p3', 'nonexistent', { base: { text: 'Oslo', verdict: 'hallucinated' }, chat: { text: 'Oslo', verdict: 'hallucinated' } }, null),
    ],
  };
}

export function jobRecord(id: string, state: JobRecord['state'], finishedAt: string | null = null, error: string | null = null): JobRecord {
  return {
    id,
    kind: 'world-sft',
    state,
    title: 'world sft',
    createdAt: '2026-12-05T08:00:00.000Z',
    finishedAt,
    fraction: null,
    error: error === null ? null : { code: 'internal', message: error },
  };
}
