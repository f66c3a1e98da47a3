import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pretrainingPresets } from '../../../electron/engine/pretraining/model/pretrainingPresets.ts';
import { errorCodes } from '../../../electron/shared/contract/errors.ts';
import { hostNameSchema } from '../../../electron/shared/contract/system.ts';
import { trainingPresetSchema } from '../../../electron/shared/contract/training.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as [dotted key, text]. */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));
}

/** Text that reads the same in both languages: placeholders, symbols, numbers, names of formats and tools. */
const neutralTerms =
  /(\{\{\w+\}\}|(^|\s)\/\S*|https?:\/\/\S*|hf:\S*|\b(GGUF|LoRA|SFT|DPO|KTO|JSONL?|CSV|API|URL|BPE|KV|GPU|CPU|VRAM|pid|tok\/s|ms|Ctrl|Alt|Esc|Enter|Shift|OpenAI|Hugging Face|ChatML|tiktoken|llama\.cpp|node-llama-cpp|Jinja|Markdown|PEFT|MLX|safetensors|cl100k_base|o200k_base|p50k_base|r50k_base|AdamW|Alpaca|ShareGPT|LLaMA-Factory|dataset_info\.json|sha256|top-k|top-p|min-p|log P|Elo|Alpha|Dropout|GRPO|Distinct-\d)\b)/gi;
const languageNeutral = (text: string): boolean => !/[A-Za-z]{3,}/.test(text.replace(neutralTerms, ''));
/** Deliberately English in both: sample texts that show how an English prompt or corpus behaves. */
const englishOnPurpose = new Set(['compare:prompt.sampleEnglish', 'pretraining:world.atMerge.sample']);

describe('the interface in English and Chinese', () => {
  const namespaces = Object.keys(i18nResources.en) as (keyof typeof i18nResources.en)[];

  it('has the same namespaces and, in each, the same keys in both languages', () => {
    expect(Object.keys(i18nResources.zh).sort()).toEqual([...namespaces].sort());
    for (const namespace of namespaces) {
      const en = leaves(i18nResources.en[namespace] as Tree).map(([key]) => key);
      const zh = leaves(i18nResources.zh[namespace] as Tree).map(([key]) => key);
      expect({ namespace, keys: zh.sort() }).toEqual({ namespace, keys: en.sort() });
    }
  });

  it('translates every sentence: no Chinese string is the English one, unless it has no words to translate', () => {
    const untranslated: string[] = [];
    for (const namespace of namespaces) {
      const zh = new Map(leaves(i18nResources.zh[namespace] as Tree));
      for (const [key, text] of leaves(i18nResources.en[namespace] as Tree)) {
        if (zh.get(key) === text && !languageNeutral(text) && !englishOnPurpose.has(`${namespace}:${key}`)) untranslated.push(`${namespace}:${key} = ${JSON.stringify(text)}`);
      }
    }
    expect(untranslated).toEqual([]);
  });

  it('describes every preset and names every host and built-in dataset the engine lists, in both languages', () => {
    for (const language of ['en', 'zh'] as const) {
      const strings = i18nResources[language];
      expect(Object.keys(strings.training.presetDescription).sort()).toEqual([...trainingPresetSchema.options].sort());
      expect(Object.keys(strings.pretraining.presets.description).sort()).toEqual(Object.keys(pretrainingPresets).sort());
      expect(Object.keys(strings.common.status.hostName).sort()).toEqual([...hostNameSchema.options].sort());
      const samples = JSON.parse(readFileSync(new URL('../../../resources/datasets/samples.json', import.meta.url), 'utf8')) as { id: string }[];
      expect(Object.keys(strings.datasets.sampleName).sort()).toEqual(samples.map((sample) => sample.id).sort());
    }
  });

  it('says every error code the engine can return in both languages', () => {
    for (const language of ['en', 'zh'] as const) {
      const errors = (i18nResources[language].common as unknown as { errorCode: Record<string, string> }).errorCode;
      expect(Object.keys(errors).sort()).toEqual([...errorCodes].sort());
      for (const code of errorCodes) expect(errors[code]?.trim()).not.toBe('');
    }
  });
});
