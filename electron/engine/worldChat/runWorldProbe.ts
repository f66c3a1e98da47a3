import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { WorldGroup, WorldProbeCounts, WorldProbeItem, WorldProbeReport, worldProbeInputSchema } from '../../shared/contract/worldChat.ts';
import type { z } from 'zod';
import { chatPromptText } from '../pretraining/sft/worldQaSft.ts';
import { judgeAnswer } from './judgeAnswer.ts';
import { chooseCompletionProbes, chooseProbeQuestions } from './probeQuestions.ts';
import { readWorldFacts, readWorldProbes, readWorldQa, worldFolder } from './worldFiles.ts';

/** Greedy text of one model for one raw prompt (BOS added, special-token spellings parsed), up to its end of turn. */
export type GreedyText = (modelPath: string, prompt: string, maxTokens: number) => Promise<string>;

export type WorldProbeProgress = { type: 'probe'; label: string; done: number; total: number };

/** Long enough for the longest answer (a Chinese date or city in byte-level tokens) and for a rambling invention. */
const answerTokens = 32;
const completionTokens = 16;

const emptyCounts = (): WorldProbeCounts => ({ asked: 0, correct: 0, wrong: 0, refused: 0, hallucinated: 0 });

/**
 * Asks every model the same questions: for each group and language `perGroup` chat questions (ChatML exactly as
 * SFT wrote it, greedy), each judged against facts.json; then the base-model style completion probe of known
 * people. The models are GGUF files (already resolved); `generate` runs them wherever node-llama-cpp lives.
 */
export async function runWorldProbe(
  input: z.output<typeof worldProbeInputSchema>,
  generate: GreedyText,
  onProgress: (progress: WorldProbeProgress) => void,
  signal?: AbortSignal,
): Promise<WorldProbeReport> {
  const labels = input.models.map((model) => model.label);
  const repeated = labels.find((label, index) => labels.indexOf(label) !== index);
  if (repeated !== undefined) throw new WorkbenchError('bad_input', `Two models are labelled "${repeated}"; each needs its own label`, { field: 'models' }, reason('labels_repeated', { label: repeated }));
  const worldDir = worldFolder(input.worldDir);
  const facts = readWorldFacts(worldDir);
  const questions = chooseProbeQuestions(facts, readWorldQa(worldDir), input.perGroup, input.languages);
  const completions = chooseCompletionProbes(facts, readWorldProbes(worldDir), input.perGroup, input.languages);
  if (questions.length === 0) throw new WorkbenchError('bad_input', `${worldDir}/qa.jsonl has no questions in ${input.languages.join(', ')}`, { file: `${worldDir}/qa.jsonl`, field: 'languages' }, reason('world_no_questions', { file: `${worldDir}/qa.jsonl`, languages: input.languages.join(', ') }));

  const items: WorldProbeItem[] = questions.map((question) => ({
    personId: question.personId,
    group: question.group,
    language: question.language,
    question: question.question,
    expected: question.expected,
    answers: {},
  }));
  const models: WorldProbeReport['models'] = [];
  const total = questions.length + completions.length;
  for (const model of input.models) {
    const byGroup: Record<WorldGroup, WorldProbeCounts> = { known: emptyCounts(), heldOut: emptyCounts(), nonexistent: emptyCounts() };
    let done = 0;
    const step = () => {
      if (signal?.aborted) throw new WorkbenchError('cancelled', 'The probe was cancelled');
      onProgress({ type: 'probe', label: model.label, done: ++done, total });
    };
    for (const [index, question] of questions.entries()) {
      const text = await generate(model.modelPath, chatPromptText(question.question), answerTokens);
      const verdict = judgeAnswer(question, text);
      items[index]!.answers[model.label] = { text: text.trim(), verdict };
      const counts = byGroup[question.group];
      counts.asked++;
      counts[verdict]++;
      step();
    }
    let correct = 0;
    for (const probe of completions) {
      // The same criterion as pretraining's own probes (evaluateProbes): the continuation starts with the fact.
      if ((await generate(model.modelPath, probe.prompt, completionTokens)).startsWith(probe.expected)) correct++;
      step();
    }
    models.push({ label: model.label, modelPath: model.modelPath, byGroup, completion: { asked: completions.length, correct } });
  }
  return { worldDir, models, items };
}
