import type { ShiftColumn, ShiftRequest, ShiftResult } from '../../shared/contract/compare.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { alignScores, type AlignedToken } from './alignScores.ts';
import type { CompareBackend } from './compareBackend.ts';
import { scoreRequestFor } from './contenderRequests.ts';
import { resolveContenders } from './resolveContenders.ts';

/**
 * The shift view: one text scored under every contender (teacher forcing), each seeing the prompt the way its mode
 * shows it, then cut into pieces all tokenizations share so the log-probability differences line up. Where SFT or
 * DPO moved probability, the pieces light up.
 */
export async function scoreShift(backend: CompareBackend, request: ShiftRequest, signal?: AbortSignal): Promise<ShiftResult> {
  const contenders = resolveContenders(backend, request.contenders);
  if (request.baseline >= contenders.length) {
    throw new WorkbenchError('bad_input', `Baseline column ${request.baseline + 1} does not exist (${contenders.length} contenders)`, { field: 'baseline' }, reason('baseline_column_missing', { column: request.baseline + 1, contenders: contenders.length }));
  }
  const context = { prompt: request.prompt, system: request.system, fewShotLanguage: request.fewShotLanguage };
  const columns: ShiftColumn[] = [];
  const aligned: (AlignedToken[] | null)[] = [];
  // One after another: scoring is one forward pass per contender, and this keeps peak memory to one context.
  for (const contender of contenders) {
    const base = { label: contender.label, key: contender.key };
    try {
      const scored = await backend.score(scoreRequestFor(contender, context, request.text, request.conditionOnPrompt, request.top), signal ? { signal } : {});
      const bytesOf = backend.tokenBytes(contender.modelPath);
      const known = scored.tokens.filter((token) => token.logprob !== null);
      columns.push({
        ...base,
        tokens: scored.tokens,
        loss: scored.loss,
        perplexity: scored.perplexity,
        totalLogprob: known.length === 0 ? null : known.reduce((sum, token) => sum + token.logprob!, 0),
        error: null,
      });
      aligned.push(scored.tokens.map((token) => ({ id: token.id, bytes: bytesOf(token.id, token.text), logprob: token.logprob })));
    } catch (error) {
      if (signal?.aborted) throw error;
      columns.push({ ...base, tokens: [], loss: null, perplexity: null, totalLogprob: null, error: WorkbenchError.from(error).toShape() });
      aligned.push(null);
    }
  }
  if (columns.every((column) => column.error !== null)) {
    const first = columns[0]!.error!;
    throw new WorkbenchError(first.code, `No contender could score the text: ${first.message}`, first.details, first.reason);
  }
  const { alignment, segments } = alignScores(aligned, request.baseline);
  return { baseline: request.baseline, alignment, columns, segments };
}
