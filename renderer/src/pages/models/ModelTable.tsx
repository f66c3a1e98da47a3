import { ActionIcon, Badge, Button, Card, Group, SegmentedControl, Table, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { ModelEntry, ModelKind } from '../../../../electron/shared/contract/models.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { formatBytes } from '../../app/formatBytes.ts';
import { useRefreshModels } from './modelQueries.ts';
import { kindHintText } from './kindHints.ts';

interface ModelTableProps {
  onInspect(model: ModelEntry): void;
  onRemove(model: ModelEntry): void;
  onEstimate(model: ModelEntry): void;
}

export function ModelTable({ onInspect, onRemove, onEstimate }: ModelTableProps) {
  const { t } = useTranslation('models');
  const models = useApiQuery('models.list', {});
  if (!models.data || models.data.length === 0) {
    return (
      <Card withBorder>
        <Text c="dimmed">{models.error ? models.error.message : t('table.empty')}</Text>
      </Card>
    );
  }
  return (
    <Card withBorder p={0}>
      <Table striped highlightOnHover data-testid="model-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('table.name')}</Table.Th>
            <Table.Th>{t('table.kind')}</Table.Th>
            <Table.Th>{t('table.details')}</Table.Th>
            <Table.Th>{t('table.size')}</Table.Th>
            <Table.Th>{t('table.tags')}</Table.Th>
            <Table.Th>{t('table.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {models.data.map((model) => (
            <ModelRow key={model.id} model={model} onInspect={onInspect} onRemove={onRemove} onEstimate={onEstimate} />
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function ModelRow({ model, onInspect, onRemove, onEstimate }: ModelTableProps & { model: ModelEntry }) {
  const { t } = useTranslation('models');
  const refresh = useRefreshModels();
  const update = useApiMutation('models.update');
  const load = useApiMutation('models.load');
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(model.name);
  const save = (changes: { name?: string; tags?: string[]; kindOverride?: ModelKind | null }): void =>
    update.mutate(
      { id: model.id, ...changes },
      {
        onSuccess: refresh,
        onError: (error) => {
          setName(model.name);
          notifications.show({ color: 'red', message: error.message });
        },
      },
    );

  return (
    <Table.Tr data-testid="model-row" data-model-id={model.id}>
      <Table.Td>
        {editing ? (
          <TextInput
            size="xs"
            value={name}
            autoFocus
            aria-label={t('actions.rename')}
            onChange={(event) => setName(event.currentTarget.value)}
            onBlur={() => {
              setEditing(false);
              if (name.trim() !== '' && name !== model.name) save({ name: name.trim() });
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') event.currentTarget.blur();
              if (event.key === 'Escape') {
                setName(model.name);
                setEditing(false);
              }
            }}
          />
        ) : (
          <Tooltip label={model.path} openDelay={400}>
            <Text fw={500} onDoubleClick={() => setEditing(true)} data-testid="model-name">
              {model.name}
            </Text>
          </Tooltip>
        )}
        {!model.exists && (
          <Badge color="red" size="xs">
            {t('table.missing')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Tooltip label={`${t('kind.hints')}: ${model.kindHints.map((hint) => kindHintText(t, hint)).join('; ')}`} multiline w={260}>
          <SegmentedControl
            size="xs"
            value={model.kindOverride ?? 'auto'}
            data={[
              { value: 'auto', label: t('kind.auto', { kind: t(`kind.${model.detectedKind}`) }) },
              { value: 'base', label: t('kind.setBase') },
              { value: 'chat', label: t('kind.setChat') },
            ]}
            onChange={(value) => save({ kindOverride: value === 'auto' ? null : (value as ModelKind) })}
          />
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {[model.architecture, model.quantization].filter(Boolean).join(' · ')}
        </Text>
        {model.parameterCount !== null && (
          <Text size="xs" c="dimmed">
            {t('table.parameters', { value: model.parameterCount.toLocaleString() })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{formatBytes(model.sizeBytes)}</Table.Td>
      <Table.Td miw={160}>
        <TagsInput size="xs" value={model.tags} placeholder={t('table.addTag')} onChange={(tags) => save({ tags })} aria-label={t('table.tags')} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="light" onClick={() => setEditing(true)}>
            {t('actions.rename')}
          </Button>
          <Button size="compact-xs" variant="light" onClick={() => onInspect(model)}>
            {t('actions.inspect')}
          </Button>
          <Button size="compact-xs" variant="light" onClick={() => onEstimate(model)}>
            {t('actions.estimate')}
          </Button>
          <Button size="compact-xs" variant="light" loading={load.isPending} onClick={() => load.mutate({ model: model.id }, { onSuccess: refresh })}>
            {t('actions.load')}
          </Button>
          <ActionIcon variant="subtle" color="red" aria-label={t('actions.remove')} onClick={() => onRemove(model)} data-testid="remove-model">
            ✕
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
