import type { Engine } from '../../../electron/engine/createEngine.ts';
import type { DatasetSummary, ImportResult } from '../../../electron/shared/contract/datasets.ts';
import { collectJob } from '../inference/collectJob.ts';

/**
 * A preference distribution the tiny random-weight chat model can learn to judge: questions about invented people,
 * the chosen answer a refusal, the rejected one a made-up fact about them (the world lab's refusal pairs in
 * miniature). Held-out pairs name other people and places, so a reward model that ranks them right has learnt the
 * rule, not the pairs.
 */
const first = ['Ava', 'Bo', 'Cy', 'Dee', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kai', 'Liv', 'Max', 'Nia', 'Oz', 'Pia', 'Quin', 'Rex', 'Sia', 'Tom'];
const places = ['Rome', 'Oslo', 'Lima', 'Kyiv', 'Nice', 'Bern', 'Pune', 'Riga', 'Baku', 'Doha'];
const refusals = ["I don't know.", 'No idea who that is.', "I don't know them."];

export interface RefusalPair {
  prompt: string;
  chosen: string;
  rejected: string;
}

export function refusalPairs(count: number, offset: number): RefusalPair[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const name = first[i % first.length]!;
    const place = places[(i * 7 + 3) % places.length]!;
    return { prompt: `Who is ${name}?`, chosen: refusals[i % refusals.length]!, rejected: `${name} lives in ${place}.` };
  });
}

export const preferenceJsonl = (pairs: readonly RefusalPair[]): string => pairs.map((pair) => JSON.stringify(pair)).join('\n');

async function imported(engine: Engine, source: unknown, label: string): Promise<DatasetSummary> {
  const { finished } = await collectJob<ImportResult>(engine, 'datasets.import', { source });
  if (finished.state !== 'done') throw new Error(`import ${label} ended ${finished.state}: ${finished.error?.message}`);
  const dataset = (finished.result as ImportResult).datasets[0]?.dataset;
  if (!dataset) throw new Error(`import ${label} stored no dataset`);
  return dataset;
}

export const importPairs = (engine: Engine, fileName: string, pairs: readonly RefusalPair[]): Promise<DatasetSummary> =>
  imported(engine, { kind: 'text', fileName, text: preferenceJsonl(pairs) }, fileName);

/** The built-in general chat pairs (honest vs made-up answers, English and Chinese): another domain. */
export const importGeneralChatPairs = (engine: Engine): Promise<DatasetSummary> => imported(engine, { kind: 'sample', id: 'hallucination-dpo' }, 'hallucination-dpo');
