import type { CanonicalRow } from '../../../electron/shared/contract/datasets.ts';
import { inspectGguf } from '../../../electron/engine/gguf/inspectGguf.ts';
import { compileChatTemplate } from '../../../electron/engine/templates/chatTemplate.ts';
import { tokenizeInContext } from '../../../electron/engine/templates/tokenizeInContext.ts';
import { planTrainingRender, tokenizeTrainingPlan } from '../../../electron/engine/templates/trainingRender.ts';
import type { TrainingSequence, TrainingSession } from '../../../electron/engine/training/native/nativeTrainerApi.ts';

/**
 * Dataset conversation rows as the trainer sees them: the model's own chat template through the shared training
 * renderer (the one the tokenizer lab and the trainer use), tokenized by the session's llama.cpp vocabulary in
 * context, with the train mask on the assistant turns only.
 */
export function renderSftRows(session: TrainingSession, modelPath: string, rows: readonly CanonicalRow[]): TrainingSequence[] {
  const source = inspectGguf(modelPath).chatTemplate;
  if (!source) throw new Error(`${modelPath} has no chat template`);
  const template = compileChatTemplate(source, 'model chat template');
  const spell = (id: number | null): string => (id === null ? '' : session.detokenize(Int32Array.of(id), { special: true }));
  const options = { bosToken: spell(session.info.bosToken), eosToken: spell(session.info.eosToken) };
  return rows.map((row) => {
    if (row.kind !== 'conversation') throw new Error(`expected conversation rows, got a ${row.kind} row`);
    const render = tokenizeTrainingPlan(planTrainingRender(template, row.messages, options), (text, { special, preceding }) =>
      tokenizeInContext((part) => [...session.tokenize(part, { special })], text, preceding),
    );
    return { tokens: Int32Array.from(render.tokens), trainMask: Uint8Array.from(render.mask, (weight) => (weight > 0 ? 1 : 0)) };
  });
}
