import { Box, Group, Progress, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { transportName } from '../../api/client.ts';
import { storedConnection } from '../../api/connection.ts';
import { droppedFiles, uploadFolder } from './uploadFolder.ts';

interface FolderFieldProps {
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
  testId: string;
}

/**
 * A folder on the engine's machine: typed as a path, or — where the page can upload (browser mode) — dropped or
 * chosen, its .json/.safetensors files streamed to the engine with progress, the path filled in.
 */
export function FolderField({ label, placeholder, value, onChange, testId }: FolderFieldProps) {
  const { t } = useTranslation('interop');
  const picker = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const [over, setOver] = useState(false);
  // Uploads go to the server that served the page: only when that server's engine is the one in use.
  const canUpload = transportName() === 'browser' && storedConnection() === null;

  const send = async (files: File[]): Promise<void> => {
    setNote(null);
    setProgress(0);
    try {
      const result = await uploadFolder(files, setProgress);
      onChange(result.folder);
      setNote({ text: t('upload.done', { files: result.uploaded.join(', ') }) + (result.skipped.length > 0 ? ` ${t('upload.skipped', { files: result.skipped.join(', ') })}` : ''), error: false });
    } catch (error) {
      setNote({ text: (error as Error).message, error: true });
    } finally {
      setProgress(null);
    }
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setOver(false);
    void droppedFiles(event.dataTransfer).then(send, (error: unknown) => setNote({ text: (error as Error).message, error: true }));
  };
  const onKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      picker.current?.click();
    }
  };

  return (
    <Stack gap={4}>
      <TextInput label={label} placeholder={placeholder} value={value} onChange={(event) => onChange(event.currentTarget.value)} data-testid={`${testId}-path`} />
      {canUpload && (
        <Box
          role="button"
          tabIndex={0}
          aria-label={t('upload.zone')}
          onClick={() => picker.current?.click()}
          onKeyDown={onKey}
          onDragOver={(event) => (event.preventDefault(), setOver(true))}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          p="xs"
          style={{ border: `1px dashed var(--mantine-color-${over ? 'blue-6' : 'gray-5'})`, borderRadius: 6, cursor: 'pointer' }}
          data-testid={`${testId}-drop`}
        >
          <Text size="xs" c="dimmed">
            {t('upload.zone')}
          </Text>
          <input
            ref={picker}
            type="file"
            multiple
            hidden
            // A folder picker: the browser hands over every file in it (webkitdirectory is not in React's types).
            {...{ webkitdirectory: '' }}
            onChange={(event) => {
              const files = [...(event.currentTarget.files ?? [])].filter((file) => !file.webkitRelativePath.split('/').slice(1, -1).length);
              event.currentTarget.value = '';
              if (files.length > 0) void send(files);
            }}
            data-testid={`${testId}-picker`}
          />
        </Box>
      )}
      {progress !== null && (
        <Group gap="xs">
          <Progress value={progress * 100} flex={1} aria-label={t('upload.progress')} />
          <Text size="xs">{Math.round(progress * 100)}%</Text>
        </Group>
      )}
      {note && (
        <Text size="xs" c={note.error ? 'red' : 'dimmed'} data-testid={`${testId}-upload-note`}>
          {note.text}
        </Text>
      )}
    </Stack>
  );
}
