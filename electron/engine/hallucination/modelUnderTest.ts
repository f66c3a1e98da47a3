/**
 * What the lab needs from a model, and nothing more: a reply to a question, and the log-probability of a given
 * reply. The runner is written against this so it can be tested with scripted models; the real binding
 * (hostModelUnderTest.ts) frames the question for a chat or base model and goes through the inference host.
 */
export interface GenerateOptions {
  readonly maxTokens: number;
  readonly temperature: number;
  readonly seed: number;
}

export interface ModelUnderTest {
  /** The model's reply to `prompt`, as a user would have asked it. */
  generate(prompt: string, options: GenerateOptions, signal: AbortSignal): Promise<string>;
  /** log P(continuation | prompt), summed over the continuation's tokens (natural log). */
  logProb(prompt: string, continuation: string, signal: AbortSignal): Promise<number>;
}
