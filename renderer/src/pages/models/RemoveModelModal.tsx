import { Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { useRefreshModels } from './modelQueries.ts';

/** Removing keeps the file; deleting it too needs the file name typed back, the same rule the engine enforces. */
export function RemoveModelModal({ model, onClose }: { model: ModelEntry | null; onClose(): void }) {
  const { t } = useTranslation('models');
  const refresh = useRefreshModels();
  const remove = useApiMutation('models.remove');
  const [deleteFile, setDeleteFile] = useState(false);
  const [confirmation, setConfirmation] = useState('');
  useEffect(() => {
    setDeleteFile(false);
    setConfirmation('');
    remove.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset when another model is chosen
  }, [model?.id]);
  if (!model) return null;
  const confirmed = !deleteFile || confirmation === model.fileName;
  return (
    <Modal opened onClose={onClose} title={t('remove.title', { name: model.name })}>
      <Stack>
        <Text size="sm">{t('remove.body')}</Text>
        <Checkbox label={t('remove.deleteFile')} checked={deleteFile} onChange={(event) => setDeleteFile(event.currentTarget.checked)} data-testid="remove-delete-file" />
        {deleteFile && (
          <TextInput label={t('remove.confirm', { file: model.fileName })} value={confirmation} onChange={(event) => setConfirmation(event.currentTarget.value)} />
        )}
        {remove.error && (
          <Text size="sm" c="red">
            {remove.error.message}
          </Text>
        )}
        <Group justify="flex-end">
          <Button
            color="red"
            disabled={!confirmed}
            loading={remove.isPending}
            data-testid="remove-confirm"
            onClick={() =>
              remove.mutate(
                { id: model.id, deleteFile, ...(deleteFile ? { confirmFileName: confirmation } : {}) },
                {
                  onSuccess: () => {
                    refresh();
                    onClose();
                  },
                },
              )
            }
          >
            {t('remove.confirmButton')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
