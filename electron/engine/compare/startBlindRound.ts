import { randomInt, randomUUID } from 'node:crypto';
import type { BlindRound, Contender, FewShotLanguage, ResolvedContender } from '../../shared/contract/compare.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { JobRunner } from '../jobs/jobRunner.ts';
import type { BlindRoundStore } from './blindRoundStore.ts';
import type { CompareBackend } from './compareBackend.ts';
import { resolveContenders } from './resolveContenders.ts';
import { runComparison } from './runComparison.ts';

export interface BlindRoundRequest {
  readonly contenders: readonly Contender[];
  readonly prompt: string;
  readonly system: string;
  readonly maxTokens: number;
  readonly seed: number | null;
  readonly fewShotLanguage: FewShotLanguage;
}

/** Draws an integer in [0, max) — crypto, so the order cannot be guessed from earlier rounds. */
export type RandomInt = (max: number) => number;

/**
 * The pair with the fewest votes so far (ties broken at random), in random order: every pair gets rated and
 * position bias (people favour the left answer) averages out.
 */
export function pickBlindPair(
  contenders: readonly ResolvedContender[],
  gamesBetween: (a: string, b: string) => number,
  random: RandomInt = (max) => randomInt(0, max),
): [ResolvedContender, ResolvedContender] {
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < contenders.length; i++) {
    for (let j = i + 1; j < contenders.length; j++) pairs.push([i, j, gamesBetween(contenders[i]!.key, contenders[j]!.key)]);
  }
  const fewest = Math.min(...pairs.map((pair) => pair[2]));
  const candidates = pairs.filter((pair) => pair[2] === fewest);
  const [i, j] = candidates[random(candidates.length)]!;
  const pair: [ResolvedContender, ResolvedContender] = [contenders[i]!, contenders[j]!];
  return random(2) === 0 ? pair : [pair[1], pair[0]];
}

/** Starts a blind round: a compare job over the hidden pair whose result and progress carry no identity. */
export function startBlindRound(
  jobs: JobRunner,
  store: BlindRoundStore,
  backend: CompareBackend,
  request: BlindRoundRequest,
  random?: RandomInt,
): { jobId: string; roundId: string; done: Promise<BlindRound> } {
  const contenders = resolveContenders(backend, request.contenders);
  const distinct = new Set(contenders.map((contender) => contender.key));
  if (distinct.size < contenders.length) {
    throw new WorkbenchError('bad_input', 'Two contenders are the same model, adapters, mode and sampling: a blind vote between them says nothing', { field: 'contenders' }, reason('blind_round_same_contenders', {}));
  }
  const [a, b] = pickBlindPair(contenders, (x, y) => store.gamesBetween(x, y), random);
  const seed = request.seed ?? randomInt(0, 0xffff_ffff);
  const settings = { system: request.system, maxTokens: request.maxTokens, seed, fewShotLanguage: request.fewShotLanguage, placement: 'auto' as const };
  const roundId = randomUUID();
  store.create({ id: roundId, prompt: request.prompt, settings, a, b });

  const started = jobs.start<BlindRound>({
    kind: 'compare',
    title: 'Blind round',
    run: async ({ signal, progress }) => {
      try {
        const cells = await runComparison(
          backend,
          { contenders: [a, b], prompts: [request.prompt], settings },
          { signal, hideIdentity: true, emit: (item, fraction) => progress({ fraction, data: item }), onCell: () => undefined },
        );
        const failed = cells.find((cell) => cell.error !== null);
        if (failed?.error) throw new WorkbenchError(failed.error.code, `Answer ${failed.column === 0 ? 'A' : 'B'} failed: ${failed.error.message}`, failed.error.details, failed.error.reason);
        // Whitespace around an answer (a few-shot answer starts with a space) would hint at the mode.
        store.ready(roundId, [cells[0]!.text.trim(), cells[1]!.text.trim()]);
      } catch (error) {
        const shaped = signal.aborted ? new WorkbenchError('cancelled', 'Blind round cancelled') : WorkbenchError.from(error);
        store.fail(roundId, shaped.toShape());
        throw shaped;
      }
      return store.get(roundId);
    },
  });
  store.setJob(roundId, started.jobId);
  return { jobId: started.jobId, roundId, done: started.done };
}
