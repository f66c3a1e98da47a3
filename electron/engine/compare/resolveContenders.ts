import type { Contender, ResolvedContender } from '../../shared/contract/compare.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { CompareBackend } from './compareBackend.ts';
import { resolveContender } from './contenderRequests.ts';

/**
 * Every contender's model and adapters must exist before anything runs; an error names the contender's field
 * (`contenders.1.adapters.0.adapter`) so the UI can point at the right column.
 */
export function resolveContenders(backend: CompareBackend, contenders: readonly Contender[]): ResolvedContender[] {
  return contenders.map((contender, column) => {
    const where = `contenders.${column}`;
    let model: { path: string; name: string };
    try {
      model = backend.resolveModel(contender.model);
    } catch (error) {
      throw rewrap(error, where, 'model');
    }
    let adapterPaths: string[];
    try {
      adapterPaths = backend.resolveAdapters(contender.adapters);
    } catch (error) {
      throw rewrap(error, where, 'adapters');
    }
    return resolveContender(contender, model, adapterPaths);
  });
}

function rewrap(error: unknown, where: string, fallbackField: string): WorkbenchError {
  const original = WorkbenchError.from(error);
  const field = typeof original.details?.field === 'string' ? original.details.field : fallbackField;
  return new WorkbenchError(original.code, `Column ${Number(where.split('.')[1]) + 1}: ${original.message}`, { ...original.details, field: `${where}.${field}` }, original.reason);
}
