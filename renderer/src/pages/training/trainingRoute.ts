import { hashFor, parseHashRoute } from '../../app/hashRoute.ts';

/** The hash parameter that starts the New run form on a dataset: `#/training?dataset=<id>`. */
export const trainingDatasetParam = 'dataset';

/** The Training page with its New run form set to train on this dataset (the Datasets page's distillation links here). */
export function trainingHash(datasetId: string): string {
  return hashFor('training', { [trainingDatasetParam]: datasetId });
}

/** The dataset the hash asks the New run form to start with, or null. */
export function datasetFromTrainingHash(): string | null {
  return parseHashRoute(window.location.hash, '').params.get(trainingDatasetParam);
}
