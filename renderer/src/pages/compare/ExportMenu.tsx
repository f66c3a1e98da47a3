import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { saveExport } from './saveExport.ts';

/** Markdown, JSON or CSV of a saved comparison. */
export function ExportMenu({ runId, testId = 'compare-export' }: { runId: string | null; testId?: string }) {
  const { t } = useTranslation('compare');
  const save = (format: 'csv' | 'json' | 'markdown') => {
    if (!runId) return;
    saveExport(runId, format).catch((error: Error) => notifications.show({ color: 'red', title: t('errors.failed'), message: error.message }));
  };
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button size="xs" variant="default" disabled={!runId} data-testid={testId}>
          {t('view.export')} ▾
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => save('markdown')}>{t('view.exportMarkdown')}</Menu.Item>
        <Menu.Item onClick={() => save('json')}>{t('view.exportJson')}</Menu.Item>
        <Menu.Item onClick={() => save('csv')}>{t('view.exportCsv')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
