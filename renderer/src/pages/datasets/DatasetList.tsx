import { ActionIcon, Badge, Card, Group, NavLink, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { useRefreshDatasets } from './datasetQueries.ts';
import { datasetHash } from './datasetRoute.ts';

interface DatasetListProps {
  readonly selectedId: string | null;
  readonly onSelect: (datasetId: string | null) => void;
}

export function DatasetList({ selectedId, onSelect }: DatasetListProps) {
  const { t } = useTranslation('datasets');
  const datasets = useApiQuery('datasets.list', {});
  const remove = useApiMutation('datasets.delete');
  const refresh = useRefreshDatasets();
  return (
    <Card withBorder data-testid="dataset-list">
      <Title order={4} mb="sm">
        {t('list.title')}
      </Title>
      {(datasets.data ?? []).length === 0 && (
        <Text size="sm" c="dimmed">
          {t('list.empty')}
        </Text>
      )}
      <Stack gap={2}>
        {(datasets.data ?? []).map((dataset) => (
          <Group key={dataset.id} wrap="nowrap" gap={4}>
            <NavLink
              flex={1}
              active={dataset.id === selectedId}
              label={dataset.name}
              // A real link: reachable with Tab, opened with Enter, and its address says which dataset it shows.
              href={datasetHash(dataset.id)}
              onClick={(event) => {
                event.preventDefault();
                onSelect(dataset.id);
              }}
              aria-current={dataset.id === selectedId ? 'true' : undefined}
              data-dataset-id={dataset.id}
              data-testid="dataset-item"
              description={
                <Group gap={4} component="span">
                  <Badge size="xs" variant="light" component="span">
                    {t(`kinds.${dataset.kind}`)}
                  </Badge>
                  <Text span size="xs">
                    {t('list.rows', { count: dataset.rows })}
                  </Text>
                  {dataset.rejectedRows > 0 && (
                    <Text span size="xs" c="orange">
                      · {t('list.rejected', { count: dataset.rejectedRows })}
                    </Text>
                  )}
                </Group>
              }
            />
            <Tooltip label={t('list.delete')}>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('list.delete')}
                onClick={() => {
                  if (!window.confirm(t('list.confirmDelete', { name: dataset.name }))) return;
                  remove.mutate(
                    { datasetId: dataset.id },
                    {
                      onSuccess: () => {
                        if (dataset.id === selectedId) onSelect(null);
                        refresh();
                      },
                    },
                  );
                }}
              >
                ×
              </ActionIcon>
            </Tooltip>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
