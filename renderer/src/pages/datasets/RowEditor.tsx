import { json } from '@codemirror/lang-json';
import { Alert, Badge, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetProblem, DatasetSummary, RowEdit } from '../../../../electron/shared/contract/datasets.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { useRefreshDatasets } from './datasetQueries.ts';
import { problemLocation } from './problemLocation.ts';
import { problemText } from './problemText.ts';
import { emptyRow } from './rowSummary.ts';

export type EditorTarget = { readonly kind: 'edit'; readonly rowId: number } | { readonly kind: 'add' };

interface RowEditorProps {
  readonly dataset: DatasetSummary;
  readonly target: EditorTarget | null;
  readonly onClose: () => void;
  readonly onPreview: (rowId: number) => void;
}

const pretty = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

/**
 * Fix a row in place: valid rows are edited in the canonical shape; rows set aside at import are edited as the
 * record that was read, and checked again exactly as an imported row would be.
 */
export function RowEditor({ dataset, target, onClose, onPreview }: RowEditorProps) {
  const { t } = useTranslation('datasets');
  const refresh = useRefreshDatasets();
  const rowId = target?.kind === 'edit' ? target.rowId : null;
  const row = useApiQuery('datasets.row', { datasetId: dataset.id, rowId: rowId ?? 1 }, { enabled: rowId !== null });
  const update = useApiMutation('datasets.updateRow');
  const add = useApiMutation('datasets.addRow');
  const remove = useApiMutation('datasets.deleteRow');
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<DatasetProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const view = rowId === null ? null : row.data;
  const editsRecord = view !== null && view !== undefined && view.row === null;
  const extensions = useMemo(() => [json(), EditorView.lineWrapping], []);

  useEffect(() => {
    setError(null);
    if (target?.kind === 'add') {
      setText(JSON.stringify(emptyRow(dataset.kind), null, 2));
      setProblems([]);
    } else if (view) {
      setText(view.row ? JSON.stringify(view.row, null, 2) : pretty(view.raw ?? ''));
      setProblems(view.problems);
    }
  }, [target, view, dataset.kind]);

  const save = (): void => {
    setError(null);
    let edit: RowEdit;
    if (editsRecord) edit = { kind: 'record', text };
    else {
      try {
        edit = { kind: 'canonical', row: JSON.parse(text) };
      } catch (parseError) {
        setError(t('editor.notJson', { message: (parseError as Error).message }));
        return;
      }
    }
    const handlers = {
      onSuccess: (result: { saved: boolean; problems: DatasetProblem[] }) => {
        setProblems(result.problems);
        if (!result.saved) {
          setError(t('editor.stillBad'));
          return;
        }
        refresh();
        onClose();
      },
      onError: (failure: Error) => setError(failure.message),
    };
    if (rowId === null) add.mutate({ datasetId: dataset.id, edit }, handlers);
    else update.mutate({ datasetId: dataset.id, rowId, edit }, handlers);
  };

  const title = rowId === null ? t('editor.titleAdd') : t('editor.titleEdit', { position: view?.position ?? '' });
  return (
    <Modal opened={target !== null} onClose={onClose} title={title} size="xl" data-testid="row-editor">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {editsRecord ? t('editor.recordHint', { format: t(`formats.${dataset.format}`) }) : t('editor.canonicalHint')}
        </Text>
        {problems.length > 0 && (
          <Alert color="orange" p="xs">
            <List size="sm" spacing={2}>
              {problems.map((problem, index) => (
                <List.Item key={index}>
                  <Badge size="xs" color="orange" variant="light" mr={6}>
                    {t(`problems.codes.${problem.code}`)}
                  </Badge>
                  <Text span size="xs" ff="monospace" mr={6}>
                    {problem.path}
                  </Text>
                  <Text span size="xs" c="dimmed" mr={6}>
                    {problemLocation(t, problem)}
                  </Text>
                  <span data-testid="row-editor-problem">{problemText(t, problem)}</span>
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <div data-testid="row-editor-text">
          <CodeMirror value={text} onChange={setText} extensions={extensions} minHeight="240px" maxHeight="480px" basicSetup={{ lineNumbers: true, foldGutter: true }} />
        </div>
        {error && (
          <Alert color="red" p="xs" data-testid="row-editor-error">
            {error}
          </Alert>
        )}
        <Group justify="space-between">
          <Group>
            <Button onClick={save} loading={update.isPending || add.isPending} data-testid="row-editor-save">
              {t('editor.save')}
            </Button>
            {view?.row && rowId !== null && (
              <Button variant="light" onClick={() => onPreview(rowId)} data-testid="row-editor-preview">
                {t('editor.preview')}
              </Button>
            )}
          </Group>
          {rowId !== null && (
            <Button
              color="red"
              variant="subtle"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(
                  { datasetId: dataset.id, rowId },
                  {
                    onSuccess: () => {
                      refresh();
                      onClose();
                    },
                  },
                )
              }
            >
              {t('editor.delete')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
