import { join } from 'node:path';
import type { PreparedWorld } from '../../shared/contract/pretraining.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { prepareWorldLive } from './prepareWorld.ts';
import { tokenizeAtMerge } from './tokenizer/tokenizeAtMerge.ts';
import { mergeBatchProgress, mergeFraction } from './worldJobProgress.ts';

/**
 * pretraining.prepareWorldJob runs world generation + tokenizer training as a 'prepare-world' job in the engine
 * (training is fast and yields between merge batches), passing the world and each batch of merges on as
 * job.progress data; pretraining.tokenizeAtMerge shows how a trained tokenizer read text at merge K.
 */
export function registerPretrainingWorldJobHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.handle('pretraining.prepareWorldJob', ({ mergesPerSecond, ...input }) => {
    const job = services.jobs.start<PreparedWorld>({
      kind: 'prepare-world',
      title: `World of ${input.people} people + tokenizer of ${input.vocab} tokens`,
      run: ({ signal, progress }) =>
        prepareWorldLive(input, join(services.home.runsDir, 'pretraining'), {
          signal,
          mergesPerSecond,
          onWorld: (world) => progress({ fraction: 0, data: { type: 'world', ...world } }),
          onMerges: (events) => {
            const item = mergeBatchProgress(events, input.vocab);
            progress({ fraction: mergeFraction(item.vocabSize, input.vocab), data: item });
          },
        }),
    });
    return { jobId: job.jobId };
  });

  registry.handle('pretraining.tokenizeAtMerge', ({ tokenizerPath, text, merges }) => tokenizeAtMerge(tokenizerPath, text, merges));
}
