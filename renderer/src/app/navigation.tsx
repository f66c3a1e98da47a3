import type { ReactNode } from 'react';
import { HomePage } from '../pages/home/HomePage.tsx';
import { SettingsPage } from '../pages/settings/SettingsPage.tsx';
import { TokenizerPage } from '../pages/tokenizer/TokenizerPage.tsx';
import { ModelsPage } from '../pages/models/ModelsPage.tsx';
import { PlaygroundPage } from '../pages/playground/PlaygroundPage.tsx';
import { HallucinationPage } from '../pages/hallucination/HallucinationPage.tsx';
import { ComparePage } from '../pages/compare/ComparePage.tsx';
import { VariantsPage } from '../pages/variants/VariantsPage.tsx';
import { EvalsPage } from '../pages/evals/EvalsPage.tsx';
import { DatasetsPage } from '../pages/datasets/DatasetsPage.tsx';
import { PretrainingPage } from '../pages/pretraining/PretrainingPage.tsx';
import { TrainingPage } from '../pages/training/TrainingPage.tsx';
import { RewardModelPage } from '../pages/rewardModel/RewardModelPage.tsx';
import { GrpoPage } from '../pages/rl/GrpoPage.tsx';

export interface NavigationEntry {
  /** Route id, used in the URL hash (#/tokenizer) and in e2e tests (data-nav attribute). */
  readonly id: string;
  /** i18n key of the label (namespace common). */
  readonly labelKey: string;
  /** Alt+<key> jumps here. */
  readonly shortcut?: string;
  readonly render: () => ReactNode;
}

/** The areas of the app in the order users meet them. Areas replace their placeholder with their page. */
export const navigation: readonly NavigationEntry[] = [
  { id: 'home', labelKey: 'nav.home', shortcut: '0', render: () => <HomePage /> },
  { id: 'models', labelKey: 'nav.models', shortcut: '1', render: () => <ModelsPage /> },
  { id: 'variants', labelKey: 'nav.variants', render: () => <VariantsPage /> },
  { id: 'evals', labelKey: 'nav.evals', render: () => <EvalsPage /> },
  { id: 'playground', labelKey: 'nav.playground', shortcut: '2', render: () => <PlaygroundPage /> },
  { id: 'compare', labelKey: 'nav.compare', shortcut: '3', render: () => <ComparePage /> },
  { id: 'tokenizer', labelKey: 'nav.tokenizer', shortcut: '4', render: () => <TokenizerPage /> },
  { id: 'datasets', labelKey: 'nav.datasets', shortcut: '5', render: () => <DatasetsPage /> },
  { id: 'training', labelKey: 'nav.training', shortcut: '6', render: () => <TrainingPage /> },
  { id: 'reward-model', labelKey: 'nav.rewardModel', render: () => <RewardModelPage /> },
  { id: 'rl', labelKey: 'nav.rl', render: () => <GrpoPage /> },
  { id: 'hallucination', labelKey: 'nav.hallucination', shortcut: '7', render: () => <HallucinationPage /> },
  { id: 'pretraining', labelKey: 'nav.pretraining', shortcut: '8', render: () => <PretrainingPage /> },
  { id: 'settings', labelKey: 'nav.settings', shortcut: '9', render: () => <SettingsPage /> },
];
