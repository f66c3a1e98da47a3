import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import CodeMirror, { Decoration, EditorView, type Extension } from '@uiw/react-codemirror';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { templatePresets } from './templatePresets.ts';

const errorLineTheme = EditorView.baseTheme({ '.cm-template-error-line': { backgroundColor: 'rgba(250, 82, 82, 0.18)' } });

/** Marks the line a template error names, so the user sees it without counting lines. */
function errorLineHighlight(line: number | null): Extension {
  if (line === null) return [];
  return [
    errorLineTheme,
    EditorView.decorations.compute(['doc'], (state) => {
      if (line < 1 || line > state.doc.lines) return Decoration.none;
      return Decoration.set([Decoration.line({ class: 'cm-template-error-line' }).range(state.doc.line(line).from)]);
    }),
  ];
}

interface TemplateEditorProps {
  readonly text: string;
  readonly onChange: (text: string) => void;
  readonly errorLine: number | null;
}

/** A Jinja editor with line numbers, presets, and saved templates (load, save, delete). */
export function TemplateEditor({ text, onChange, errorLine }: TemplateEditorProps) {
  const { t } = useTranslation('tokenizer');
  const queryClient = useQueryClient();
  const saved = useApiQuery('tokenizer.listTemplates', {});
  const save = useApiMutation('tokenizer.saveTemplate');
  const remove = useApiMutation('tokenizer.deleteTemplate');
  const [savedId, setSavedId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const extensions = useMemo(() => [EditorView.lineWrapping, errorLineHighlight(errorLine)], [errorLine]);
  const refresh = (): void => void queryClient.invalidateQueries({ queryKey: ['tokenizer.listTemplates'] });

  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end">
        <Select
          label={t('template.preset')}
          w={200}
          placeholder="ChatML…"
          data={templatePresets.map((preset) => ({ value: preset.id, label: preset.label }))}
          onChange={(id) => {
            const preset = templatePresets.find((entry) => entry.id === id);
            if (preset) {
              onChange(preset.text);
              setSavedId(null);
            }
          }}
          data-testid="template-preset"
        />
        <Select
          label={t('template.savedPick')}
          w={220}
          placeholder={saved.data?.length ? undefined : t('template.savedNone')}
          value={savedId}
          data={(saved.data ?? []).map((template) => ({ value: template.id, label: template.name }))}
          onChange={(id) => {
            const template = saved.data?.find((entry) => entry.id === id);
            setSavedId(id);
            if (template) {
              onChange(template.text);
              setName(template.name);
            }
          }}
          data-testid="template-saved"
        />
        {savedId && (
          <Button
            variant="subtle"
            color="red"
            onClick={() => remove.mutate({ id: savedId }, { onSuccess: () => { setSavedId(null); refresh(); } })}
          >
            {t('template.delete')}
          </Button>
        )}
      </Group>
      <div data-testid="template-editor">
        <CodeMirror
          value={text}
          onChange={onChange}
          minHeight="160px"
          maxHeight="360px"
          aria-label={t('template.editor')}
          basicSetup={{ lineNumbers: true, foldGutter: false }}
          extensions={extensions}
        />
      </div>
      <Group gap="xs" align="flex-end">
        <TextInput label={t('template.saveName')} value={name} onChange={(event) => setName(event.currentTarget.value)} w={240} />
        <Button
          variant="light"
          disabled={name.trim() === '' || text.trim() === ''}
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              { ...(savedId ? { id: savedId } : {}), name: name.trim(), text },
              {
                onSuccess: (template) => {
                  setSavedId(template.id);
                  refresh();
                  notifications.show({ message: t('template.saved'), color: 'green' });
                },
                onError: (error) => notifications.show({ message: error.message, color: 'red' }),
              },
            )
          }
          data-testid="template-save"
        >
          {t('template.save')}
        </Button>
      </Group>
    </Stack>
  );
}
