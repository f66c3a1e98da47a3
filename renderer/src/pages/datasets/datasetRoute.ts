import { hashFor } from '../../app/hashRoute.ts';

/** The hash parameter that names the selected dataset: `#/datasets?dataset=<id>`. */
export const datasetRouteParam = 'dataset';

/** The Datasets page with one dataset selected (its detail shown), or none; any page may link or navigate here. */
export function datasetHash(datasetId: string | null): string {
  return hashFor('datasets', { [datasetRouteParam]: datasetId });
}
