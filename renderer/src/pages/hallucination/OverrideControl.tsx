import { Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { verdicts, type ItemResult, type Verdict } from '../../../../electron/shared/contract/hallucination.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { useRefreshRuns } from './refreshRuns.ts';

/** The user's verdict wins over the scorer's; it is stored with the run and counted in its summary. */
export function OverrideControl({ runId, result }: { runId: string; result: ItemResult }) {
  const { t } = useTranslation('hallucination');
  const refresh = useRefreshRuns();
  const [verdict, setVerdict] = useState<Verdict>(result.verdict);
  const [note, setNote] = useState(result.override?.note ?? '');
  const save = useApiMutation('hallucination.setOverride');
  const submit = (value: Verdict | null): void => save.mutate({ runId, itemId: result.itemId, verdict: value, note: value === null ? '' : note }, { onSuccess: refresh });
  return (
    <Stack gap={4} data-testid="override-control">
      <Text size="xs" fw={600}>
        {t('override.title')} · {t('override.auto', { verdict: t(`verdicts.${result.autoVerdict}`) })}
      </Text>
      <SegmentedControl size="xs" value={verdict} onChange={(value) => setVerdict(value as Verdict)} data={verdicts.map((value) => ({ value, label: t(`verdicts.${value}`) }))} data-testid="override-verdict" />
      <Group gap="xs" wrap="nowrap">
        <TextInput size="xs" flex={1} placeholder={t('override.note')} value={note} onChange={(event) => setNote(event.currentTarget.value)} />
        <Button size="xs" onClick={() => submit(verdict)} loading={save.isPending} data-testid="override-save">
          {t('override.save')}
        </Button>
        {result.override && (
          <Button size="xs" variant="subtle" onClick={() => submit(null)}>
            {t('override.clear')}
          </Button>
        )}
      </Group>
      {save.error && (
        <Text size="xs" c="red">
          {save.error.message}
        </Text>
      )}
    </Stack>
  );
}
