import type { ItemResult, SuiteItem } from '../../shared/contract/hallucination.ts';
import { calibratedRefusal, referenceReply } from './calibratedRefusal.ts';
import { isKnown } from './knowledgeSplit.ts';

/**
 * Turns a probe run into training data, the "learn to say I don't know" recipe: SFT rows teach the reference
 * answer where the model knows it and a calibrated refusal where it does not; DPO pairs prefer the refusal over
 * the model's own hallucination, plus reverse pairs (answer over refusal) on known items so the model does not
 * learn to refuse everything. Formats: OpenAI chat messages (SFT) and TRL prompt/chosen/rejected (DPO).
 */

export interface SftRow {
  readonly messages: readonly [{ role: 'user'; content: string }, { role: 'assistant'; content: string }];
}

export interface DpoRow {
  readonly prompt: string;
  readonly chosen: string;
  readonly rejected: string;
}

export interface TrainingSets {
  readonly known: number;
  readonly unknown: number;
  readonly sft: SftRow[];
  readonly dpo: DpoRow[];
  readonly reversePairs: number;
  readonly skipped: { itemId: string; reason: string }[];
}

const generalRefusal = (item: SuiteItem): string => calibratedRefusal({ ...item, expected: 'answer', category: '' });

/** What the model should say to an item it does not know. */
function unknownTarget(item: SuiteItem): string {
  if (item.expected === 'answer') return calibratedRefusal(item);
  return item.response ?? calibratedRefusal(item);
}

const sftRow = (prompt: string, reply: string): SftRow => ({ messages: [{ role: 'user', content: prompt }, { role: 'assistant', content: reply }] });

export function buildTrainingSets(entries: readonly { item: SuiteItem; result: ItemResult }[], threshold: number): TrainingSets {
  const sft: SftRow[] = [];
  const dpo: DpoRow[] = [];
  const skipped: { itemId: string; reason: string }[] = [];
  let known = 0;
  let reversePairs = 0;
  for (const { item, result } of entries) {
    if (isKnown(result, threshold)) {
      known++;
      const reply = referenceReply(item);
      if (reply === null) {
        skipped.push({ itemId: item.id, reason: 'known, but the item has no reference answer or response to train on' });
        continue;
      }
      sft.push(sftRow(item.prompt, reply));
      dpo.push({ prompt: item.prompt, chosen: reply, rejected: generalRefusal(item) });
      reversePairs++;
      continue;
    }
    const target = unknownTarget(item);
    sft.push(sftRow(item.prompt, target));
    const hallucination = result.samples.find((sample) => sample.verdict === 'incorrect' && sample.output.trim() !== '' && sample.output.trim() !== target.trim());
    if (hallucination) dpo.push({ prompt: item.prompt, chosen: target, rejected: hallucination.output });
    else skipped.push({ itemId: item.id, reason: 'unknown, but no reply was graded incorrect, so there is no hallucination to reject (DPO pair skipped)' });
  }
  return { known, unknown: entries.length - known, sft, dpo, reversePairs, skipped };
}

export const toJsonl = (rows: readonly unknown[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length > 0 ? '\n' : '');
