import { enCommon } from './en/common.ts';
import { zhCommon } from './zh/common.ts';
import { enTokenizer } from './en/tokenizer.ts';
import { zhTokenizer } from './zh/tokenizer.ts';
import { enModels } from './en/models.ts';
import { zhModels } from './zh/models.ts';
import { enPlayground } from './en/playground.ts';
import { zhPlayground } from './zh/playground.ts';
import { enHallucination } from './en/hallucination.ts';
import { zhHallucination } from './zh/hallucination.ts';
import { enCompare } from './en/compare.ts';
import { zhCompare } from './zh/compare.ts';
import { enDatasets } from './en/datasets.ts';
import { zhDatasets } from './zh/datasets.ts';
import { enApiServer } from './en/apiServer.ts';
import { zhApiServer } from './zh/apiServer.ts';
import { enPretraining } from './en/pretraining.ts';
import { zhPretraining } from './zh/pretraining.ts';
import { enTraining } from './en/training.ts';
import { zhTraining } from './zh/training.ts';
import { enRewardModel } from './en/rewardModel.ts';
import { zhRewardModel } from './zh/rewardModel.ts';
import { enAdapters } from './en/adapters.ts';
import { zhAdapters } from './zh/adapters.ts';
import { enVariants } from './en/variants.ts';
import { zhVariants } from './zh/variants.ts';
import { enEvals } from './en/evals.ts';
import { zhEvals } from './zh/evals.ts';
import { enDistill } from './en/distill.ts';
import { zhDistill } from './zh/distill.ts';
import { enRl } from './en/rl.ts';
import { zhRl } from './zh/rl.ts';
import { enInterop } from './en/interop.ts';
import { zhInterop } from './zh/interop.ts';
import { enConnection } from './en/connection.ts';
import { zhConnection } from './zh/connection.ts';
import { enErrors } from './en/errors.ts';
import { zhErrors } from './zh/errors.ts';

/**
 * Every string of the UI, by language and namespace (one namespace per feature area). Areas add one line per
 * language; the zh objects are typed against the en ones so a missing key fails the typecheck.
 */
export const i18nResources = {
  en: {
    common: enCommon,
    datasets: enDatasets,
    tokenizer: enTokenizer,
    models: enModels,
    playground: enPlayground,
    hallucination: enHallucination,
    compare: enCompare,
    apiServer: enApiServer,
    pretraining: enPretraining,
    training: enTraining,
    rewardModel: enRewardModel,
    adapters: enAdapters,
    variants: enVariants,
    evals: enEvals,
    distill: enDistill,
    rl: enRl,
    interop: enInterop,
    connection: enConnection,
    errors: enErrors,
  },
  zh: {
    common: zhCommon,
    datasets: zhDatasets,
    tokenizer: zhTokenizer,
    models: zhModels,
    playground: zhPlayground,
    hallucination: zhHallucination,
    compare: zhCompare,
    apiServer: zhApiServer,
    pretraining: zhPretraining,
    training: zhTraining,
    rewardModel: zhRewardModel,
    adapters: zhAdapters,
    variants: zhVariants,
    evals: zhEvals,
    distill: zhDistill,
    rl: zhRl,
    interop: zhInterop,
    connection: zhConnection,
    errors: zhErrors,
  },
} as const;

export type Language = keyof typeof i18nResources;
export const languages: Language[] = ['en', 'zh'];
