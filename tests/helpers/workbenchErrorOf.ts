import { WorkbenchError } from '../../electron/shared/contract/errors.ts';

/**
 * The WorkbenchError a synchronous call throws, for asserting on its code, message and details. Anything else it
 * throws is rethrown as is, and returning normally fails the test.
 */
export function workbenchErrorOf(run: () => unknown): WorkbenchError {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected a WorkbenchError');
}
