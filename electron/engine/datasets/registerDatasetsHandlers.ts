import type { ContextCheck, ImportProgress, ImportResult } from '../../shared/contract/datasets.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { listSamples } from './builtinSamples.ts';
import { datasetNameFrom } from './sourceEntries.ts';
import { datasetStats } from './datasetStats.ts';
import { DatasetStore } from './datasetStore.ts';
import { checkEdit } from './editRow.ts';
import { exportDataset } from './exportDataset.ts';
import { importDataset } from './importDataset.ts';
import { removeStaleStaging } from './importStaging.ts';
import { detectSource } from './planSource.ts';
import { previewRow } from './previewRow.ts';
import { resolveSource } from './resolveSource.ts';
import { validationIds } from './seededSplit.ts';
import { contextLengthFor, rowMeasure } from './tokenCounters.ts';
import type { ContextLimit } from './validateRows.ts';
import { validateSource } from './validateSource.ts';

export function registerDatasetsHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const store = new DatasetStore(services.db);
  removeStaleStaging(services.home.tmpDir);

  const contextLimit = async (check: ContextCheck | undefined): Promise<{ limit: ContextLimit; key: string } | undefined> => {
    if (!check) return undefined;
    const measure = await rowMeasure(services, check.tokenizer);
    const contextLength = contextLengthFor(measure, check.contextLength);
    return { limit: { counter: measure.counter, contextLength }, key: `${measure.key}:${contextLength}` };
  };

  registry.handle('datasets.samples', () => listSamples());

  registry.handle('datasets.detect', async ({ source, options }) => {
    const resolved = resolveSource(source, services.home.tmpDir);
    try {
      return (await detectSource(resolved.path, resolved.label, options)).detection;
    } finally {
      resolved.release();
    }
  });

  registry.handle('datasets.validate', async ({ source, options, context, maxErrors }) => {
    const resolved = resolveSource(source, services.home.tmpDir);
    try {
      const limit = await contextLimit(context);
      return await validateSource(resolved.path, resolved.label, options, { maxErrors, context: limit?.limit });
    } finally {
      resolved.release();
    }
  });

  registry.handle('datasets.import', ({ source, options, context, name }) => {
    const resolved = resolveSource(source, services.home.tmpDir);
    const { jobId } = services.jobs.start<ImportResult>({
      kind: 'dataset-import',
      title: `Import ${name ?? datasetNameFrom(resolved.label)}`,
      run: async (job) => {
        try {
          const limit = await contextLimit(context);
          return await importDataset(
            { path: resolved.path, label: resolved.label, sourcePath: resolved.sourcePath, options, name, context: limit?.limit, contextKey: limit?.key },
            {
              store,
              tmpDir: services.home.tmpDir,
              signal: job.signal,
              progress: (update: ImportProgress) => job.progress({ fraction: importFraction(update), data: update }),
            },
          );
        } finally {
          resolved.release();
        }
      },
    });
    return { jobId };
  });

  registry.handle('datasets.list', () => store.list());
  registry.handle('datasets.get', ({ datasetId }) => store.get(datasetId));
  registry.handle('datasets.rename', ({ datasetId, name }) => store.rename(datasetId, name));
  registry.handle('datasets.delete', ({ datasetId }) => ({ deleted: store.delete(datasetId) }));
  registry.handle('datasets.rows', ({ datasetId, offset, limit, status, split }) => store.rows(datasetId, { offset, limit, status, split }));
  registry.handle('datasets.row', ({ datasetId, rowId }) => store.row(datasetId, rowId));
  registry.handle('datasets.problems', ({ datasetId, offset, limit, code }) => store.problems(datasetId, { offset, limit, code }));

  registry.handle('datasets.updateRow', ({ datasetId, rowId, edit }) => {
    const { plan, kind } = store.plan(datasetId);
    const existing = store.row(datasetId, rowId);
    const outcome = checkEdit(edit, plan, kind);
    // Problems of an edit that was not saved still name the row being edited.
    const located = outcome.problems.map((problem) => ({ ...problem, row: existing.position, line: existing.line, index: existing.index }));
    if (!outcome.row) return { saved: false, row: null, problems: located };
    return { saved: true, row: store.replaceRow(datasetId, rowId, outcome), problems: [] };
  });

  registry.handle('datasets.addRow', ({ datasetId, edit }) => {
    const { plan, kind } = store.plan(datasetId);
    const outcome = checkEdit(edit, plan, kind);
    if (!outcome.row) return { saved: false, row: null, problems: outcome.problems };
    return { saved: true, row: store.addRow(datasetId, outcome.row), problems: [] };
  });

  registry.handle('datasets.deleteRow', ({ datasetId, rowId }) => ({ deleted: store.deleteRow(datasetId, rowId) }));

  registry.handle('datasets.split', ({ datasetId, validationFraction, seed }) =>
    store.setSplit(datasetId, validationIds(store.okRowIds(datasetId), validationFraction, seed), { validationFraction, seed }),
  );

  registry.handle('datasets.export', (request) => exportDataset(store, request, services.home.datasetsDir));

  registry.handle('datasets.stats', async ({ datasetId, tokenizer, contextLength, bins }) => {
    const measure = tokenizer ? await rowMeasure(services, tokenizer) : null;
    return await datasetStats(store, datasetId, measure, contextLength ?? measure?.contextLength ?? null, bins);
  });

  registry.handle('datasets.preview', (request, context) => previewRow(store, registry, request, context));
}

/** Hashing is quick, reading and checking is most of the work, saving is one transaction. */
function importFraction(update: ImportProgress): number {
  const read = update.totalBytes === 0 ? 1 : Math.min(1, update.bytesRead / update.totalBytes);
  return update.phase === 'hashing' ? 0.1 * read : update.phase === 'validating' ? 0.1 + 0.85 * read : 0.97;
}
