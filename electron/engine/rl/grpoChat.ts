import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { ExampleTokenizer } from '../training/run/tokenizeExamples.ts';
import { sessionVocabulary } from '../training/run/tokenVocabulary.ts';
import type { TrainingSequence, TrainingSession } from '../training/native/nativeTrainerApi.ts';

/**
 * How GRPO talks to the policy: prompts rendered by the model's own chat template (as SFT renders its rows, with
 * the assistant's opening), and the token that ends the assistant's turn — the last token SFT would train in a
 * rendered exchange (<|im_end|> for ChatML) — which stops sampling and is part of the completion GRPO trains, so the
 * policy also learns where to stop (TRL's completion mask includes the EOS).
 */
export class GrpoChat {
  private readonly tokenizer: ExampleTokenizer;
  readonly endOfTurn: number;

  constructor(private readonly session: TrainingSession, chatTemplate: string | null) {
    this.tokenizer = new ExampleTokenizer(sessionVocabulary(session), chatTemplate, session.info.contextLength);
    if (chatTemplate) {
      const rendered = this.tokenizer.conversation([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
      ]);
      const last = rendered.trainMask.lastIndexOf(1);
      if (last < 0) throw new WorkbenchError('bad_input', "The model's chat template trains no assistant tokens", { field: 'tokenizer.chat_template' }, reason('chat_template_trains_nothing', {}));
      this.endOfTurn = rendered.tokens[last]!;
    } else {
      const eos = session.info.eosToken;
      if (eos === null) throw new WorkbenchError('bad_input', 'The model has neither a chat template nor an end-of-sequence token, so a reply cannot end', { field: 'tokenizer' }, reason('model_cannot_end_reply', {}));
      this.endOfTurn = eos;
    }
  }

  prompt(text: string): Int32Array {
    return this.tokenizer.generationPrompt(text);
  }

  reply(completion: Int32Array): string {
    return this.session.detokenize(completion).trim();
  }

  /** prompt + completion (+ the end of turn when the reply stopped on it), the completion as the targets. */
  sequence(prompt: Int32Array, completion: Int32Array, ended: boolean): TrainingSequence {
    const tokens = Int32Array.from([...prompt, ...completion, ...(ended ? [this.endOfTurn] : [])]);
    const trainMask = new Uint8Array(tokens.length).fill(1, prompt.length);
    return { tokens, trainMask };
  }
}
