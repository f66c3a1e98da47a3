import type { BenchEntry } from './benchTypes.ts';
import { runTokenizerBench } from './tokenizerBench.ts';
import { runTrainerBench } from './trainerBench.ts';
import { runInferenceBench } from './inferenceBench.ts';
import { runInspectorBench } from './inspectorBench.ts';
import { runDatasetBench } from './datasetBench.ts';
import { runOpenAiBench } from './openaiBench.ts';
import { runPretrainingBench } from './pretrainingBench.ts';
import { runCompressBench } from './compressBench.ts';
import { runGrpoBench } from './grpoBench.ts';
import { runEvalBench } from './evalBench.ts';
import { runEstimateBench } from './estimateBench.ts';

/** Every benchmark `npm run bench` runs, in order. Areas add one line each. */
export const benchSuite: BenchEntry[] = [
  { id: 'tokenizer', description: 'tokens/s on 1 MB of mixed Chinese/English text, per tokenizer', run: runTokenizerBench },
  { id: 'inference', description: 'decode/prefill tokens/s vs llama-bench (same llama.cpp source), 0.5B-shape F16 and Q8_0; time to first token', run: runInferenceBench },
  { id: 'inspector', description: 'decode with the token inspector vs without, 151,936-token vocabulary, 2 layers (goal ≥ 0.9×)', run: runInspectorBench },
  { id: 'trainer', description: 'native LoRA SFT tokens/s and peak RSS, 0.5B-shape F16 model, 512 tokens/step', run: runTrainerBench },
  { id: 'openai', description: 'OpenAI-compatible API: requests/s and time to first token, 50 concurrent streamed chats', run: runOpenAiBench },
  { id: 'datasets', description: 'import + validate 100,000 chat rows: rows/s and peak memory', run: runDatasetBench },
  { id: 'compress', description: 'quantize time and size ratio, 0.5B-shape F16 → Q8_0 and Q4_K_M, vs llama-quantize', run: runCompressBench },
  { id: 'eval', description: 'eval items/s, 0.5B-shape F16: general-en multiple choice vs the same requests to the scorer; arithmetic generation', run: runEvalBench },
  { id: 'grpo', description: 'GRPO step time split into sampling and update, 0.5B-shape F16, LoRA r8, vs an SFT step of the same lengths', run: runGrpoBench },
  { id: 'estimate', description: "the Training page's time and memory estimate vs the run it announces, tiny and small chat models (goal within 1.5×)", run: runEstimateBench },
  { id: 'pretraining', description: 'default 2-core nano pretraining via the CLI: time, tokens/s, loss, fact-completion accuracy', run: runPretrainingBench },
];
