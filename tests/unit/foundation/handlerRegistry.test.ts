import { describe, expect, it } from 'vitest';
import { HandlerRegistry } from '../../../electron/engine/handlerRegistry.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';

const context = { clientId: 'test' };

async function errorOf(promise: Promise<unknown>): Promise<WorkbenchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected a WorkbenchError');
}

describe('handler registry (the engine router)', () => {
  it('parses input with the contract and names the bad field', async () => {
    const registry = new HandlerRegistry();
    registry.handle('jobs.cancel', ({ jobId }) => ({ cancelled: jobId === 'x' }));
    await expect(registry.dispatch('jobs.cancel', { jobId: 'x' }, context)).resolves.toEqual({ cancelled: true });
    const error = await errorOf(registry.dispatch('jobs.cancel', { jobId: 42 }, context));
    expect(error.code).toBe('bad_input');
    expect(error.message).toContain('jobId');
    expect(error.details?.field).toBe('jobId');
  });

  it('refuses unknown methods and methods without a handler', async () => {
    const registry = new HandlerRegistry();
    expect((await errorOf(registry.dispatch('nope.nothing', {}, context))).code).toBe('not_found');
    expect((await errorOf(registry.dispatch('system.info', {}, context))).code).toBe('unsupported');
  });

  it('catches handlers whose output breaks the contract', async () => {
    const registry = new HandlerRegistry();
    registry.handle('jobs.cancel', () => ({ cancelled: 'yes' }) as unknown as { cancelled: boolean });
    expect((await errorOf(registry.dispatch('jobs.cancel', { jobId: 'a' }, context))).code).toBe('internal');
  });

  it('refuses a second handler for the same method', () => {
    const registry = new HandlerRegistry();
    registry.handle('jobs.list', () => []);
    expect(() => registry.handle('jobs.list', () => [])).toThrow('twice');
  });
});
