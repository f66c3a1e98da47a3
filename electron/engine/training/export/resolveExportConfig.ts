import type { Database } from 'better-sqlite3';
import type { ResolvedTrainingConfig, TrainingConfig } from '../../../shared/contract/training.ts';
import { DatasetStore } from '../../datasets/datasetStore.ts';
import type { DataHome } from '../../store/dataHome.ts';
import { resolveTrainingConfig } from '../resolveTrainingConfig.ts';

/** A config not yet run, filled in exactly as training.start would fill it (preset values, validation split). */
export function resolveExportConfig(db: Database, home: DataHome, config: TrainingConfig): ResolvedTrainingConfig {
  const dataset = config.data.kind === 'dataset' ? new DatasetStore(db).get(config.data.datasetId) : null;
  return resolveTrainingConfig(config, { db, home, runId: 'export00', datasetName: dataset?.name ?? null, hasValidationSplit: (dataset?.validationRows ?? 0) > 0 });
}
