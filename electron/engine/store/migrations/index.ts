import type { Migration } from './migration.ts';
import { coreMigration } from './001_core.ts';
import { datasetsMigration } from './002_datasets.ts';
import { trainingMigration } from './003_training.ts';
import { compareMigration } from './004_compare.ts';
import { hallucinationMigration } from './005_hallucination.ts';
import { tokenizerMigration } from './006_tokenizer.ts';
import { modelsMigration } from './008_models.ts';
import { trainingSampleNotesMigration } from './009_trainingSampleNotes.ts';
import { adapterLibraryMigration } from './010_adapterLibrary.ts';
import { datasetKindsMigration } from './012_datasetKinds.ts';
import { evalsMigration } from './013_evals.ts';
import { modelVariantsMigration } from './014_modelVariants.ts';
import { datasetProblemReasonsMigration } from './019_datasetProblemReasons.ts';
import { trainingSampleReasonsMigration } from './020_trainingSampleReasons.ts';

/**
 * Every migration, in increasing version order. Numbers are reserved per area (docs/ARCHITECTURE.md), so gaps are
 * expected; the runner records each applied version in schema_migrations.
 */
export const migrations: readonly Migration[] = [
  coreMigration,
  datasetsMigration,
  trainingMigration,
  compareMigration,
  hallucinationMigration,
  tokenizerMigration,
  modelsMigration,
  trainingSampleNotesMigration,
  adapterLibraryMigration,
  datasetKindsMigration,
  evalsMigration,
  modelVariantsMigration,
  datasetProblemReasonsMigration,
  trainingSampleReasonsMigration,
];
