import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldIssueReason } from '../../../electron/engine/fieldIssueReason.ts';
import { HandlerRegistry } from '../../../electron/engine/handlerRegistry.ts';
import type { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { errorText } from '../../../renderer/src/api/errorText.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';

const schema = z.object({ name: z.string().min(1), rank: z.number().int().positive(), lr: z.number().min(0).max(1), mode: z.enum(['sft', 'dpo']) });
const issueOf = (input: unknown): z.core.$ZodIssue => schema.safeParse(input).error!.issues[0]!;
const valid = { name: 'run', rank: 8, lr: 0.1, mode: 'sft' };

describe('a refused field says which field and which bound, in the UI’s language', () => {
  it('turns schema issues into reasons with the field and the bound', () => {
    expect(fieldIssueReason(issueOf({ ...valid, name: undefined }))).toEqual({ key: 'field_required', params: { field: 'name' } });
    expect(fieldIssueReason(issueOf({ ...valid, name: '' }))).toEqual({ key: 'field_required', params: { field: 'name' } });
    expect(fieldIssueReason(issueOf({ ...valid, rank: 0 }))).toEqual({ key: 'field_must_exceed', params: { field: 'rank', minimum: 0 } });
    expect(fieldIssueReason(issueOf({ ...valid, lr: 2 }))).toEqual({ key: 'field_too_large', params: { field: 'lr', maximum: 1 } });
    expect(fieldIssueReason(issueOf({ ...valid, lr: -1 }))).toEqual({ key: 'field_too_small', params: { field: 'lr', minimum: 0 } });
    expect(fieldIssueReason(issueOf({ ...valid, mode: 'ppo' }))).toEqual({ key: 'field_one_of', params: { field: 'mode', values: 'sft, dpo' } });
    expect(fieldIssueReason(issueOf({ ...valid, rank: 'eight' }))).toEqual({ key: 'field_invalid', params: { field: 'rank' } });
  });

  it('gives the router’s input refusals a reason the Chinese interface renders', async () => {
    const registry = new HandlerRegistry();
    registry.handle('jobs.cancel', () => ({ cancelled: true }));
    const error = await registry.dispatch('jobs.cancel', { jobId: 42 }, { clientId: 'test' }).then(
      () => null,
      (failure: unknown) => failure as WorkbenchError,
    );
    expect(error?.reason).toEqual({ key: 'field_invalid', params: { field: 'jobId' } });
    const i18n = i18next.createInstance();
    await i18n.init({ resources: i18nResources, lng: 'zh', defaultNS: 'common', interpolation: { escapeValue: false } });
    expect(errorText(i18n.t, error)).toBe('“jobId”的值无效。');
  });
});
