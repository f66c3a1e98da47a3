import type { CompareVariantsInput, CompareVariantsResult, ModelVariant, VariantRow } from '../../shared/contract/compress.ts';
import type { EngineServices } from '../engineServices.ts';
import { generateText } from '../inference/generateText.ts';
import { scoreText } from '../inference/scoreText.ts';
import { listVariants } from './modelVariants.ts';

/** Held-out text when the user gives none: plain prose in both languages the app speaks, in no fixture or dataset. */
export const defaultHeldOutText =
  'The river was quiet that morning, and the ferry waited at the pier while a few travellers bought bread and tea. ' +
  'Nobody seemed to be in a hurry; the captain read a newspaper and the boy who sold tickets counted his coins twice.\n' +
  '那天早上河面很安静，渡船停在码头边，几位旅客买了面包和茶。谁也不着急，船长在看报纸，卖票的男孩把硬币数了两遍。';

const defaultContextSize = 1024;

async function measureVariant(services: EngineServices, variant: ModelVariant, input: CompareVariantsInput, text: string, contextSize: number, signal: AbortSignal): Promise<VariantRow> {
  const modelPath = variant.model.path;
  const host = services.hosts.inference;
  const estimate = await host.request('models.estimate', { modelPath, contextSize, gpuLayers: 'auto' }, { signal });
  // A model loaded before would reuse its cached prompt: unload it so prefill is timed from nothing.
  await host.request('models.unload', { modelPath }, { signal });
  await host.request('models.load', { modelPath, gpuLayers: 'auto' }, { signal });
  const generation = await generateText(
    services,
    { model: modelPath, prompt: text, maxTokens: input.decodeTokens, sampling: { temperature: 0, seed: 0 }, contextSize },
    { signal },
  );
  const { timings } = generation;
  const prefillMs = timings.timeToFirstTokenMs === null ? null : timings.timeToFirstTokenMs - timings.loadMs;
  const score = await scoreText(services, { model: modelPath, text, contextSize }, { signal });
  return {
    modelId: variant.model.id,
    name: variant.model.name,
    path: modelPath,
    operation: variant.operation,
    type: variant.type,
    quantization: variant.model.quantization,
    sizeBytes: variant.model.sizeBytes,
    memoryBytes: estimate.modelRamBytes + estimate.modelVramBytes + estimate.contextRamBytes + estimate.contextVramBytes,
    prefillTokensPerSecond: prefillMs !== null && prefillMs > 0 && timings.promptTokensEvaluated > 0 ? timings.promptTokensEvaluated / (prefillMs / 1000) : null,
    decodeTokensPerSecond: timings.tokensPerSecond,
    perplexity: score.perplexity,
    scoredTokens: score.scoredTokens,
  };
}

/**
 * A 'compare-variants' job: the model and each variant made from it (compress.variants), one after another in the
 * inference host, on the same held-out text: file size, memory to load, prefill and greedy decode speed, perplexity.
 * Each row streams as progress when measured.
 */
export function startCompareVariantsJob(services: EngineServices, input: CompareVariantsInput): { jobId: string } {
  const variants = listVariants(services.db, input.model);
  const text = input.text ?? defaultHeldOutText;
  const contextSize = input.contextSize ?? defaultContextSize;
  const job = services.jobs.start<CompareVariantsResult>({
    kind: 'compare-variants',
    title: `Compare ${variants.length} variant${variants.length === 1 ? '' : 's'} of ${variants[0]!.model.name}`,
    run: async ({ signal, progress }) => {
      const rows: VariantRow[] = [];
      for (const variant of variants) {
        const row = await measureVariant(services, variant, input, text, contextSize, signal);
        rows.push(row);
        progress({ fraction: rows.length / variants.length, message: row.name, data: row });
      }
      return { rows, text, contextSize, decodeTokens: input.decodeTokens };
    },
  });
  return { jobId: job.jobId };
}
