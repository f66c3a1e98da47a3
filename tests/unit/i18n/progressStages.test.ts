import { readdirSync } from 'node:fs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { alignmentStageParams, compareAlignmentProgressSchema } from '../../../electron/shared/contract/alignmentComparison.ts';
import type { StageParamList } from '../../../electron/shared/contract/progressStage.ts';
import { rewardModelStageParams } from '../../../electron/shared/contract/rewardModel.ts';
import { grpoStageParams } from '../../../electron/shared/contract/rl.ts';
import { trainingProgressSchema, trainingStageParams } from '../../../electron/shared/contract/training.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';

type Tree = { readonly [key: string]: string | Tree };

/** Where each area's stage sentences live: `<namespace>:<prefix>.<code>`, the stage's params as {{placeholders}}. */
const stageTexts: Record<string, { namespace: keyof typeof i18nResources.en; prefix: string; params: StageParamList }> = {
  trainingStageParams: { namespace: 'training', prefix: 'stage', params: trainingStageParams },
  rewardModelStageParams: { namespace: 'rewardModel', prefix: 'stage', params: rewardModelStageParams },
  grpoStageParams: { namespace: 'rl', prefix: 'stage', params: grpoStageParams },
  alignmentStageParams: { namespace: 'rl', prefix: 'alignment.stage', params: alignmentStageParams },
};

const contractDir = new URL('../../../electron/shared/contract/', import.meta.url);
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] as string).sort();
/** i18next reads these option names itself (plural, context, namespace …): a param so named would not interpolate. */
const reservedOptions = new Set(['count', 'context', 'ns', 'lng', 'lngs', 'defaultValue', 'ordinal', 'returnObjects', 'joinArrays', 'replace', 'postProcess', 'interpolation', 'keyPrefix']);

function textAt(tree: Tree, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Tree)[key] : undefined), tree);
}

describe('progress stages: the engine says what a job is doing with a code and numbers, the UI says it in each language', () => {
  it('knows every stage list the contracts export', async () => {
    const exported: string[] = [];
    for (const file of readdirSync(contractDir).filter((name) => name.endsWith('.ts'))) {
      const module = (await import(new URL(file, contractDir).href)) as Record<string, unknown>;
      exported.push(...Object.keys(module).filter((name) => name.endsWith('StageParams')));
    }
    expect(exported.sort()).toEqual(Object.keys(stageTexts).sort());
  });

  it('has a sentence for every stage code in both languages, using exactly that stage’s params', () => {
    const problems: string[] = [];
    for (const [list, { namespace, prefix, params }] of Object.entries(stageTexts)) {
      for (const language of ['en', 'zh'] as const) {
        const texts = textAt(i18nResources[language][namespace] as Tree, prefix);
        const codes = texts && typeof texts === 'object' ? Object.keys(texts) : [];
        if (codes.sort().join() !== Object.keys(params).sort().join()) problems.push(`${language} ${namespace}:${prefix} has ${codes.join(', ')}; ${list} has ${Object.keys(params).join(', ')}`);
        for (const [code, shape] of Object.entries(params)) {
          const text = (texts as Tree | undefined)?.[code];
          const names = Object.keys(shape.shape).sort();
          if (typeof text !== 'string' || text.trim() === '') problems.push(`${language} ${namespace}:${prefix}.${code} is missing`);
          else if (placeholders(text).join() !== names.join()) problems.push(`${language} ${namespace}:${prefix}.${code} has {{${placeholders(text).join('}}, {{')}}} but the params are ${names.join(', ') || 'none'}`);
          for (const name of names.filter((param) => reservedOptions.has(param))) problems.push(`${list}.${code}: the param "${name}" is an i18next option`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('reads a stage as the engine sends it, in Chinese', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: i18nResources, lng: 'zh', defaultNS: 'common', interpolation: { escapeValue: false } });
    const status = trainingProgressSchema.parse({ type: 'status', runId: 'r1', stage: { code: 'reference_train', params: { done: 8, total: 40 } } });
    if (status.type !== 'status') throw new Error('not a status');
    expect(i18n.t(`training:stage.${status.stage.code}`, status.stage.params)).toBe('正在用参考模型为训练偏好对打分：8/40');
    // a code's params are checked: a stage with another code's params, or a sentence instead of a code, is refused
    expect(trainingProgressSchema.safeParse({ type: 'status', runId: 'r1', stage: { code: 'loading_checkpoint', params: {} } }).success).toBe(false);
    expect(trainingProgressSchema.safeParse({ type: 'status', runId: 'r1', message: 'loading the model' }).success).toBe(false);
    const stage = compareAlignmentProgressSchema.parse({ type: 'stage', method: 'dpo', stage: { code: 'training', params: { steps: 60 } } });
    if (stage.type !== 'stage') throw new Error('not a stage');
    expect(i18n.t('rl:alignment.stageLine', { method: i18n.t(`rl:alignment.methods.${stage.method}`), stage: i18n.t(`rl:alignment.stage.${stage.stage.code}`, stage.stage.params) })).toBe('DPO：训练 60 步');
  });
});
