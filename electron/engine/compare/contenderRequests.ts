import { basename } from 'node:path';
import { samplingPresets, type Contender, type FewShotLanguage, type ResolvedContender } from '../../shared/contract/compare.ts';
import { samplingSchema, type ChatMessage, type GenerationRequestInput, type ScoreRequestInput } from '../../shared/contract/generate.ts';
import { buildFewShotPrompt, joinContextAndText } from './fewShotPrompt.ts';

export interface ModelIdentity {
  readonly path: string;
  readonly name: string;
}

const modeTags: Record<Contender['mode'], string> = { raw: 'raw', chat: 'chat', fewshot: 'few-shot' };

const adapterName = (adapter: string): string => basename(adapter).replace(/\.gguf$/i, '');

const formatScale = (scale: number): string => (Number.isInteger(scale) ? scale.toFixed(1) : String(scale));

/** Names a contender, ties it to its files, and fixes the sampling it will use (preset + overrides). */
export function resolveContender(contender: Contender, model: ModelIdentity, adapterPaths: readonly string[]): ResolvedContender {
  const resolvedSampling = samplingSchema.omit({ seed: true }).parse({ ...samplingPresets[contender.preset], ...contender.sampling });
  const adapters = contender.adapters.map((adapter, index) => ({ path: adapterPaths[index] ?? adapter.adapter, scale: adapter.scale }));
  const generated = [
    model.name,
    ...adapters.map((adapter) => `+ ${adapterName(adapter.path)}${adapter.scale === 1 ? '' : ` ×${formatScale(adapter.scale)}`}`),
  ].join(' ');
  const customized = Object.keys(contender.sampling).length > 0;
  const label = contender.label !== '' ? contender.label : `${generated} · ${modeTags[contender.mode]}${contender.preset === 'balanced' && !customized ? '' : ` · ${contender.preset}${customized ? '*' : ''}`}`;
  // Identity is what changes the outputs, never the label: renaming a contender keeps its leaderboard history.
  const key = JSON.stringify({ model: model.path, adapters: adapters.map((adapter) => [adapter.path, adapter.scale]), mode: contender.mode, sampling: resolvedSampling });
  return { ...contender, label, key, modelPath: model.path, modelName: model.name, resolvedSampling };
}

export interface PromptContext {
  readonly prompt: string;
  readonly system: string;
  readonly fewShotLanguage: FewShotLanguage;
}

function chatMessages(context: PromptContext): ChatMessage[] {
  return [...(context.system.trim() === '' ? [] : [{ role: 'system' as const, content: context.system }]), { role: 'user', content: context.prompt }];
}

/** The playground request that runs one contender on one prompt. */
export function generationRequestFor(
  contender: ResolvedContender,
  context: PromptContext,
  settings: { maxTokens: number; seed: number },
): GenerationRequestInput {
  const common = {
    model: contender.modelPath,
    adapters: contender.adapters,
    sampling: { ...contender.resolvedSampling, seed: settings.seed },
    maxTokens: settings.maxTokens,
  };
  switch (contender.mode) {
    case 'raw':
      return { ...common, mode: 'raw', prompt: context.prompt };
    case 'chat':
      return { ...common, mode: 'chat', messages: chatMessages(context) };
    case 'fewshot': {
      const fewShot = buildFewShotPrompt(context.prompt, { system: context.system, language: context.fewShotLanguage });
      return { ...common, mode: 'raw', prompt: fewShot.prompt, stop: fewShot.stop };
    }
  }
}

/**
 * Teacher forcing for the shift view: the text as this contender would have produced it after the prompt, so
 * log-probabilities compare "how likely was this answer" across base, chat and adapter alike.
 */
export function scoreRequestFor(contender: ResolvedContender, context: PromptContext, text: string, conditionOnPrompt: boolean, top: number): ScoreRequestInput {
  const common = { model: contender.modelPath, adapters: contender.adapters, top };
  if (!conditionOnPrompt) return { ...common, mode: 'raw', prefix: '', text };
  switch (contender.mode) {
    case 'raw':
      return { ...common, mode: 'raw', ...prefixAndText(context.prompt, text) };
    case 'chat':
      return { ...common, mode: 'chat', messages: chatMessages(context), text };
    case 'fewshot': {
      const fewShot = buildFewShotPrompt(context.prompt, { system: context.system, language: context.fewShotLanguage });
      return { ...common, mode: 'raw', ...prefixAndText(fewShot.prompt, text) };
    }
  }
}

function prefixAndText(context: string, text: string): { prefix: string; text: string } {
  const joined = joinContextAndText(context, text);
  return { prefix: joined.context, text: joined.text };
}
