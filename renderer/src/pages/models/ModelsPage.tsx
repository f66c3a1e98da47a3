import { Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AddModelsPanel } from './AddModelsPanel.tsx';
import { AdapterLibraryPanel } from './AdapterLibraryPanel.tsx';
import { AdapterInteropPanel } from '../adapters/AdapterInteropPanel.tsx';
import { LoadedModelsPanel } from './LoadedModelsPanel.tsx';
import { MemoryEstimatePanel } from './MemoryEstimatePanel.tsx';
import { ModelDetailsDrawer } from './ModelDetailsDrawer.tsx';
import { ModelTable } from './ModelTable.tsx';
import { RemoveModelModal } from './RemoveModelModal.tsx';
import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';
import { PageHeader } from '../../app/PageHeader.tsx';

export function ModelsPage() {
  const { t } = useTranslation('models');
  const [inspecting, setInspecting] = useState<ModelEntry | null>(null);
  const [removing, setRemoving] = useState<ModelEntry | null>(null);
  const [estimating, setEstimating] = useState<string | null>(null);
  return (
    <Stack>
      <PageHeader title={t('title')} intro={t('intro')} />
      <AddModelsPanel />
      <ModelTable onInspect={setInspecting} onRemove={setRemoving} onEstimate={(model) => setEstimating(model.id)} />
      <AdapterLibraryPanel />
      <AdapterInteropPanel />
      <MemoryEstimatePanel modelId={estimating} onModelChange={setEstimating} />
      <LoadedModelsPanel />
      <ModelDetailsDrawer model={inspecting} onClose={() => setInspecting(null)} />
      <RemoveModelModal model={removing} onClose={() => setRemoving(null)} />
    </Stack>
  );
}
