import { Card, Grid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AdapterExportForm } from './AdapterExportForm.tsx';
import { AdapterImportForm } from './AdapterImportForm.tsx';

/** Adapters to and from PyTorch tools: PEFT/MLX folders in, PEFT folders out. */
export function AdapterInteropPanel() {
  const { t } = useTranslation('interop');
  return (
    <Card withBorder data-testid="adapter-interop">
      <Stack gap="sm">
        <div>
          <Title order={4}>{t('adapters.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('adapters.intro')}
          </Text>
        </div>
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <AdapterImportForm />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <AdapterExportForm />
          </Grid.Col>
        </Grid>
      </Stack>
    </Card>
  );
}
