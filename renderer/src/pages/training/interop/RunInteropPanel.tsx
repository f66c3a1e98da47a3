import { Card, Grid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BundleExportForm } from './BundleExportForm.tsx';
import { RunImportForm } from './RunImportForm.tsx';

/** Runs that outgrow this machine: export a bundle for a PyTorch trainer, bring its output back as a run. */
export function RunInteropPanel({ onImported }: { onImported(runId: string): void }) {
  const { t } = useTranslation('interop');
  return (
    <Card withBorder data-testid="run-interop">
      <Stack gap="sm">
        <div>
          <Title order={4}>{t('runs.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('runs.intro')}
          </Text>
        </div>
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <BundleExportForm />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <RunImportForm onImported={onImported} />
          </Grid.Col>
        </Grid>
      </Stack>
    </Card>
  );
}
