import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { WorldProbeItem, WorldProbeReport } from '../../shared/contract/worldChat.ts';
import type { DpoRow, SftRow } from '../hallucination/trainingSets.ts';
import { answerText } from '../pretraining/sft/worldQaSft.ts';
import type { QaItem } from '../pretraining/world/worldTypes.ts';
import { isRefusal } from './judgeAnswer.ts';

/**
 * The "I don't know" a world chat model should learn: short and plain, so a nano model can learn it, and spelled
 * the way the hallucination lab's refusal detector (judgeAnswer's isRefusal) recognises it.
 */
export const idkReply = { en: "I don't know.", zh: '我不知道。' } as const;

export interface IdkRows {
  readonly sft: SftRow[];
  readonly dpo: DpoRow[];
  /** Rows and pairs by why they were made. */
  readonly reasons: Record<string, number>;
}

const sftRow = (question: string, reply: string): SftRow => ({ messages: [{ role: 'user', content: question }, { role: 'assistant', content: reply }] });

/**
 * The hallucination lab's recipe on a world probe: "I don't know" for every probed question about a nonexistent
 * person and for held-out people the model got wrong (a refusal it already gave is kept), the known people's
 * exact answers replayed so SFT does not trade knowledge for refusals, and held-out answers it got right kept as
 * they are. DPO pairs prefer the refusal over the model's own invention, plus reverse pairs (its right answer over
 * a refusal) on known people so preference training does not teach refusing everything.
 */
export function buildIdkRows(report: WorldProbeReport, label: string, qa: readonly QaItem[]): IdkRows {
  if (!report.models.some((model) => model.label === label)) {
    const labels = report.models.map((model) => model.label).join(', ');
    throw new WorkbenchError('bad_input', `The report has no model labelled "${label}" (it has ${labels})`, { field: 'label' }, reason('report_label_unknown', { label, labels }));
  }
  const sft: SftRow[] = [];
  const dpo: DpoRow[] = [];
  const reasons: Record<string, number> = {};
  const count = (reason: string) => (reasons[reason] = (reasons[reason] ?? 0) + 1);
  const refuse = (item: WorldProbeItem) => idkReply[item.language];

  for (const item of report.items) {
    const answer = item.answers[label];
    if (!answer || item.group === 'known') continue;
    const invented = answer.text !== '' && !isRefusal(answer.text);
    if (item.group === 'nonexistent') {
      sft.push(sftRow(item.question, refuse(item)));
      count('idk: nonexistent person');
      if (answer.verdict === 'hallucinated' && invented) {
        dpo.push({ prompt: item.question, chosen: refuse(item), rejected: answer.text });
        count('dpo: refusal over hallucination');
      }
    } else if (answer.verdict === 'correct' && item.expected !== null) {
      sft.push(sftRow(item.question, answer.text));
      count('replay: held-out person answered right');
    } else {
      sft.push(sftRow(item.question, refuse(item)));
      count(answer.verdict === 'refused' ? 'idk: held-out person, refusal kept' : 'idk: held-out person answered wrong');
      if (answer.verdict === 'wrong' && invented) {
        dpo.push({ prompt: item.question, chosen: refuse(item), rejected: answer.text });
        count('dpo: refusal over wrong answer');
      }
    }
  }

  // Every known question, not only the probed ones: the chat model was trained on all of them.
  for (const item of qa) {
    if (item.group !== 'known' || item.answer === null) continue;
    sft.push(sftRow(item.question, answerText(item)));
    count('replay: known person');
  }
  for (const item of report.items) {
    const answer = item.answers[label];
    if (item.group !== 'known' || answer?.verdict !== 'correct') continue;
    dpo.push({ prompt: item.question, chosen: answer.text, rejected: refuse(item) });
    count('dpo: answer over refusal (known person)');
  }
  return { sft, dpo, reasons };
}
