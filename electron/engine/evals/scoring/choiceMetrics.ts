/**
 * lm-evaluation-harness's multiple-choice metrics (lm_eval/api/task.py, process_results for multiple_choice):
 * pred = argmax(lls); acc_norm's pred = argmax(lls / len(choice)) where len is Python's len of the choice string
 * (characters, i.e. code points, without the target delimiter); acc_bytes divides by the choice's UTF-8 bytes.
 * np.argmax keeps the first of equal values, and so does this.
 */
export interface ChoicePicks {
  readonly chosen: number;
  readonly chosenNorm: number;
  readonly chosenBytes: number;
}

export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if (values[index]! > values[best]!) best = index;
  return best;
}

/** Python's len(str): code points, so an astral character counts once (JavaScript's length counts it twice). */
export const characterLength = (text: string): number => [...text].length;

export function pickChoices(choices: readonly string[], logprobs: readonly number[]): ChoicePicks {
  return {
    chosen: argmax(logprobs),
    chosenNorm: argmax(logprobs.map((logprob, index) => logprob / characterLength(choices[index]!))),
    chosenBytes: argmax(logprobs.map((logprob, index) => logprob / Buffer.byteLength(choices[index]!, 'utf8'))),
  };
}
