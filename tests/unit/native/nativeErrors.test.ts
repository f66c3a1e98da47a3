import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { callNative, toWorkbenchError } from '../../../electron/engine/training/native/nativeAddon.ts';

const nativeError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('native error mapping', () => {
  it('keeps the codes the addon sets and makes anything else internal', () => {
    for (const code of ['bad_input', 'unsupported', 'not_found', 'cancelled', 'conflict', 'internal']) {
      const error = toWorkbenchError(nativeError(code, 'why'));
      expect(error).toBeInstanceOf(WorkbenchError);
      expect(error.code).toBe(code);
      expect(error.message).toBe('why');
    }
    expect(toWorkbenchError(nativeError('ENOENT', 'x')).code).toBe('internal');
    expect(toWorkbenchError('plain').message).toBe('plain');
  });

  it('rejects with the mapped error', async () => {
    await expect(callNative(() => Promise.reject(nativeError('cancelled', 'stopped')))).rejects.toMatchObject({ code: 'cancelled' });
  });
});
