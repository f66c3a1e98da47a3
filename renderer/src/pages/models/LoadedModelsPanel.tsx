import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { formatBytes } from '../../app/formatBytes.ts';
import { useRefreshModels } from './modelQueries.ts';

/** Models held in the inference host now, and what each costs. */
export function LoadedModelsPanel() {
  const { t } = useTranslation('models');
  const refresh = useRefreshModels();
  const loaded = useApiQuery('models.loaded', {}, { refetchInterval: 5000 });
  const unload = useApiMutation('models.unload');
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('loaded.title')}
      </Title>
      {(loaded.data ?? []).length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('loaded.empty')}
        </Text>
      ) : (
        <Stack gap="xs" data-testid="loaded-models">
          {(loaded.data ?? []).map((model) => (
            <Group key={model.path} justify="space-between">
              <div>
                <Text fw={500}>{model.name}</Text>
                <Text size="xs" c="dimmed">
                  {formatBytes(model.sizeBytes)} · {t('memory.layers', { gpu: model.gpuLayers, total: model.totalLayers })} · {t('loaded.contexts', { count: model.contexts })}{' '}
                  {formatBytes(model.contextRamBytes + model.contextVramBytes)} · {t('loaded.since', { time: new Date(model.loadedAt).toLocaleTimeString() })}
                </Text>
              </div>
              <Button size="compact-sm" variant="light" loading={unload.isPending} onClick={() => unload.mutate({ model: model.path }, { onSuccess: refresh })}>
                {t('actions.unload')}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
