import type { GenerateOptions, ModelUnderTest } from '../../../electron/engine/hallucination/modelUnderTest.ts';

/**
 * A model whose replies are written by the test: `replies(prompt, seed)` answers generate, `logProbs(prompt,
 * continuation)` answers logProb. Records every call so tests can check what the runner asked.
 */
export function scriptedModel(
  replies: (prompt: string, options: GenerateOptions) => string,
  logProbs: (prompt: string, continuation: string) => number = () => -10,
): ModelUnderTest & { calls: { kind: 'generate' | 'logProb'; prompt: string; extra: string | GenerateOptions }[] } {
  const calls: { kind: 'generate' | 'logProb'; prompt: string; extra: string | GenerateOptions }[] = [];
  return {
    calls,
    async generate(prompt, options) {
      calls.push({ kind: 'generate', prompt, extra: options });
      return replies(prompt, options);
    },
    async logProb(prompt, continuation) {
      calls.push({ kind: 'logProb', prompt, extra: continuation });
      return logProbs(prompt, continuation);
    },
  };
}
