import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { errorReasonKeys, errorReasonParams, reason } from '../../../electron/shared/contract/errorReasons.ts';
import { WorkbenchError, workbenchErrorSchema } from '../../../electron/shared/contract/errors.ts';
import { jobKindSchema } from '../../../electron/shared/contract/jobs.ts';
import { errorText } from '../../../renderer/src/api/errorText.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] as string).sort();

describe('error reasons: the engine says why with a key and params, the UI says it in each language', () => {
  it('has a sentence for every reason in both languages, using exactly that reason’s params', () => {
    for (const language of ['en', 'zh'] as const) {
      const sentences = i18nResources[language].errors.reason as Record<string, string>;
      expect(Object.keys(sentences).sort()).toEqual([...errorReasonKeys].sort());
      for (const key of errorReasonKeys) {
        const params = Object.keys(errorReasonParams[key].shape).sort();
        expect({ language, key, placeholders: placeholders(sentences[key] as string) }).toEqual({ language, key, placeholders: params });
      }
    }
  });

  it('names every job kind in both languages (a busy trainer says which kind of job holds it)', () => {
    for (const language of ['en', 'zh'] as const) {
      const names = i18nResources[language].common.jobKind as Record<string, string>;
      expect(Object.keys(names).sort()).toEqual([...jobKindSchema.options].sort());
    }
  });

  it('carries the reason across a process boundary, and drops one with the wrong params or an unknown key', () => {
    const error = new WorkbenchError('not_found', 'No library model or GGUF file named "qwen"', { field: 'model' }, reason('model_not_found', { model: 'qwen' }));
    const wire = JSON.parse(JSON.stringify(error.toShape())) as unknown;
    expect(WorkbenchError.from(wire).reason).toEqual({ key: 'model_not_found', params: { model: 'qwen' } });
    // A reason with other params or an unknown key (an engine of another version) is dropped; the error still arrives.
    expect(workbenchErrorSchema.parse({ code: 'not_found', message: 'x', reason: { key: 'model_not_found', params: { name: 'qwen' } } })).toEqual({ code: 'not_found', message: 'x' });
    expect(WorkbenchError.from({ code: 'bad_input', message: 'y', reason: { key: 'from_a_newer_engine', params: {} } }).reason).toBeUndefined();
  });

  it('renders the reason in the interface language, and falls back to the code’s sentence plus the message without one', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: i18nResources, lng: 'zh', defaultNS: 'common', interpolation: { escapeValue: false } });
    const busy = new WorkbenchError('conflict', '"SFT run" is running on the trainer; cancel it…', undefined, reason('trainer_busy', { kind: 'train-sft' }));
    expect(errorText(i18n.t, busy)).toBe('另一个任务（SFT 训练）正在使用训练进程。请等它结束，或先取消它。');
    expect(errorText(i18n.t, new WorkbenchError('internal', 'tensor blk.0 is NaN'))).toBe('应用内部出错: tensor blk.0 is NaN');
    expect(errorText(i18n.t, new WorkbenchError('cancelled', 'Reward model training was cancelled'))).toBe('已取消。');
    await i18n.changeLanguage('en');
    expect(errorText(i18n.t, busy)).toBe('Another job (SFT training) is using the trainer. Wait for it to finish or cancel it first.');
  });
});
