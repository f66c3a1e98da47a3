import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { chatMessageSchema, type AdapterRef, type ChatMessage, type GenerationResult, type SamplingInput } from '../../../../electron/shared/contract/generate.ts';
import { generateText } from '../../../../electron/engine/inference/generateText.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';

interface GenerateOptions {
  model: string;
  lora: AdapterRef[];
  prompt?: string;
  chatFile?: string;
  system?: string;
  maxTokens: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  repeatPenalty?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  stop: string[];
  samples: number;
  logprobs: number;
  contextSize?: number;
  json?: boolean;
}

/** `--lora path[:scale]`; the scale is what follows the last colon when it is a number (so C:\… paths work). */
export function parseLoraOption(value: string, previous: AdapterRef[] = []): AdapterRef[] {
  const colon = value.lastIndexOf(':');
  const scaleText = colon > 0 ? value.slice(colon + 1) : '';
  const scale = scaleText !== '' && Number.isFinite(Number(scaleText)) ? Number(scaleText) : null;
  const adapter = scale === null ? value : value.slice(0, colon);
  if (adapter.trim() === '') throw new CliError(`--lora needs a file, got "${value}"`, 2);
  return [...previous, { adapter, scale: scale ?? 1 }];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('Generate text with a model: raw continuation of --prompt, or a chat answer to --chat-file')
    .requiredOption('--model <model>', 'a library model (id or name) or a GGUF file')
    .option('--lora <adapter[:scale]>', 'apply a LoRA adapter (repeatable), e.g. my-sft.gguf:0.8', parseLoraOption, [])
    .option('--prompt <text>', 'raw mode: the text the model continues')
    .option('--chat-file <file>', 'chat mode: a JSON file with [{"role","content"}] or {"messages": [...]}')
    .option('--system <text>', 'chat mode: a system message put first')
    .option('--max-tokens <n>', 'most tokens to generate', parseIntegerOption('max-tokens'), 256)
    .option('--temperature <t>', '0 = always the most likely token', parseNumberOption('temperature'))
    .option('--top-k <k>', '0 disables', parseIntegerOption('top-k'))
    .option('--top-p <p>', '1 disables', parseNumberOption('top-p'))
    .option('--min-p <p>', '0 disables', parseNumberOption('min-p'))
    .option('--repeat-penalty <x>', '1 disables', parseNumberOption('repeat-penalty'))
    .option('--presence-penalty <x>', '0 disables', parseNumberOption('presence-penalty'))
    .option('--frequency-penalty <x>', '0 disables', parseNumberOption('frequency-penalty'))
    .option('--seed <s>', 'fixes the random draws: same seed and settings give the same text', parseIntegerOption('seed'))
    .option('--stop <text>', 'stop when this text appears (repeatable)', collect, [])
    .option('--samples <n>', 'independent completions of the prompt (sample i uses seed + i)', parseIntegerOption('samples'), 1)
    .option('--logprobs <k>', 'report each token\'s log-probability and its k most likely alternatives (0–20)', parseIntegerOption('logprobs'), 0)
    .option('--context-size <n>', 'context length in tokens', parseIntegerOption('context-size'))
    .option('--json', 'print {"text", "tokens": [{"id", "text", "logprob", "top"}], "timings"} instead of streaming text')
    .action(async (options: GenerateOptions) => {
      if ((options.prompt === undefined) === (options.chatFile === undefined)) throw new CliError('Give exactly one of --prompt P or --chat-file F', 2);
      const messages = options.chatFile === undefined ? [] : readChatFile(options.chatFile);
      if (options.system !== undefined) messages.unshift({ role: 'system', content: options.system });
      const sampling: SamplingInput = {
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        ...(options.topK === undefined ? {} : { topK: options.topK }),
        ...(options.topP === undefined ? {} : { topP: options.topP }),
        ...(options.minP === undefined ? {} : { minP: options.minP }),
        ...(options.repeatPenalty === undefined ? {} : { repeatPenalty: options.repeatPenalty }),
        ...(options.presencePenalty === undefined ? {} : { presencePenalty: options.presencePenalty }),
        ...(options.frequencyPenalty === undefined ? {} : { frequencyPenalty: options.frequencyPenalty }),
        seed: options.seed ?? null,
      };
      const result = await withEngine((engine) =>
        generateText(
          engine.services,
          {
            model: options.model,
            adapters: options.lora,
            mode: options.chatFile === undefined ? 'raw' : 'chat',
            prompt: options.prompt ?? '',
            messages,
            sampling,
            maxTokens: options.maxTokens,
            stop: options.stop,
            samples: options.samples,
            logprobs: options.logprobs,
            contextSize: options.contextSize ?? null,
          },
          {
            source: 'cli',
            // Streams sample 0 as it comes; with --json stdout carries only the final document.
            ...(options.json ? {} : { onToken: (token) => token.sample === 0 && process.stdout.write(token.delta) }),
          },
        ),
      );
      if (options.json) printJson(generateJson(result));
      else printSummary(result);
    });
}

function generateJson(result: GenerationResult) {
  const tokenJson = (tokens: GenerationResult['tokens']) =>
    tokens.map((token) => ({ id: token.id, text: token.text, logprob: token.logprob, top: token.top }));
  return {
    text: result.text,
    tokens: tokenJson(result.tokens),
    timings: result.timings,
    finishReason: result.samples[0]?.finishReason ?? null,
    seed: result.samples[0]?.seed ?? null,
    runId: result.runId,
    ...(result.samples.length > 1
      ? { samples: result.samples.map((sample) => ({ text: sample.text, tokens: tokenJson(sample.tokens), finishReason: sample.finishReason, seed: sample.seed })) }
      : {}),
  };
}

function printSummary(result: GenerationResult): void {
  process.stdout.write('\n');
  for (const [index, sample] of result.samples.entries()) {
    if (index > 0) process.stdout.write(`\n--- sample ${index + 1} (seed ${sample.seed}) ---\n${sample.text}\n`);
  }
  const speed = result.timings.tokensPerSecond === null ? '' : `, ${result.timings.tokensPerSecond.toFixed(1)} tokens/s`;
  const ttft = result.timings.timeToFirstTokenMs === null ? '' : `, first token after ${Math.round(result.timings.timeToFirstTokenMs)} ms`;
  process.stderr.write(`[${result.timings.generatedTokens} tokens${speed}${ttft}; seed ${result.samples[0]?.seed}; ${result.samples[0]?.finishReason}]\n`);
}

const messageListSchema = z.array(chatMessageSchema);
const conversationSchema = z.object({ messages: messageListSchema });

/** Reads a conversation file; a problem names the file and the message and field that are wrong. */
export function readChatFile(file: string): ChatMessage[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(error as Error).message}`, 2);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not valid JSON: ${(error as Error).message}`, 2);
  }
  const parsed = Array.isArray(json) ? messageListSchema.safeParse(json) : conversationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new CliError(`${file}${where}: ${issue?.message ?? 'expected [{"role", "content"}]'} (roles: system, user, assistant)`, 2);
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.messages;
}
