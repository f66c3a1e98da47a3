import { Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreparedWorld } from '../../../../electron/shared/contract/pretraining.ts';
import { PresetTable } from './PresetTable.tsx';
import { RunPanel } from './RunPanel.tsx';
import { WorldPanel } from './WorldPanel.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';

/** Nano pretraining dashboard: world + tokenizer, then a live pretraining run. */
export function PretrainingPage() {
  const { t } = useTranslation('pretraining');
  const [world, setWorld] = useState<PreparedWorld | null>(null);
  return (
    <Stack>
      <PageHeader title={t('title')} intro={t('intro')} />
      <PresetTable />
      <WorldPanel world={world} onPrepared={setWorld} />
      <RunPanel world={world} />
    </Stack>
  );
}
