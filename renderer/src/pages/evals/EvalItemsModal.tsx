import { Badge, Button, Group, Loader, Modal, Stack, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvalItemResult } from '../../../../electron/shared/contract/evals.ts';
import { useApiQuery } from '../../api/hooks.ts';

/** Each choice with its log P; the model's pick and the right answer marked. */
function ChoiceDetail({ item }: { item: Extract<EvalItemResult, { kind: 'choice' }> }) {
  const { t } = useTranslation('evals');
  return (
    <Stack gap={2}>
      {item.choices.map((choice, index) => (
        <Group key={index} gap={6} wrap="nowrap" data-testid="eval-choice">
          <Text size="xs" ff="monospace" w={72} ta="right" c={index === item.chosen ? undefined : 'dimmed'}>
            {choice.logprob.toFixed(3)}
          </Text>
          <Text size="sm" fw={index === item.chosen ? 600 : 400}>
            {choice.text}
          </Text>
          {index === item.chosen && (
            <Badge size="xs" color={item.correct ? 'green' : 'red'} variant="light">
              {t('items.chosen')}
            </Badge>
          )}
          {index === item.chosenNorm && item.chosenNorm !== item.chosen && (
            <Badge size="xs" color={item.correctNorm ? 'green' : 'red'} variant="dot">
              {t('items.chosenNorm')}
            </Badge>
          )}
          {index === item.answer && (
            <Badge size="xs" color="green" variant="outline">
              {t('items.answer')}
            </Badge>
          )}
        </Group>
      ))}
    </Stack>
  );
}

function NumberDetail({ item }: { item: Extract<EvalItemResult, { kind: 'number' }> }) {
  const { t } = useTranslation('evals');
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" lineClamp={4} style={{ whiteSpace: 'pre-wrap' }}>
        {t('items.reply')}: {item.output}
      </Text>
      <Text size="xs">
        {t('items.read', { value: item.extracted ?? t('items.none') })} · {t('items.expected', { value: item.answer })}
      </Text>
    </Stack>
  );
}

/** One run's items: question, verdict and how the model decided. */
export function EvalItemsModal({ runId, onClose, onDelete }: { runId: string | null; onClose(): void; onDelete(runId: string): void }) {
  const { t } = useTranslation('evals');
  const [onlyWrong, setOnlyWrong] = useState(false);
  const detail = useApiQuery('evals.run', { id: runId ?? '' }, { enabled: runId !== null });
  const run = detail.data?.run;
  const items = (detail.data?.items ?? []).filter((item) => !onlyWrong || !item.correct);
  return (
    <Modal opened={runId !== null} onClose={onClose} size="xl" title={run ? t('items.title', { label: run.label, task: run.taskName }) : ''}>
      {detail.isLoading || !run ? (
        <Loader size="sm" />
      ) : (
        <Stack gap="sm" data-testid="eval-items">
          <Group justify="space-between">
            <Switch label={t('items.onlyWrong')} checked={onlyWrong} onChange={(event) => setOnlyWrong(event.currentTarget.checked)} />
            <Button size="xs" color="red" variant="subtle" onClick={() => onDelete(run.id)} data-testid="eval-delete-run">
              {t('items.deleteRun')}
            </Button>
          </Group>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('items.id')}</Table.Th>
                <Table.Th>{t('items.question')}</Table.Th>
                <Table.Th>{t('items.verdict')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.itemId} data-testid="eval-item-row" data-correct={item.correct}>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {item.itemId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {item.question}
                      </Text>
                      {item.kind === 'choice' ? <ChoiceDetail item={item} /> : <NumberDetail item={item} />}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={item.correct ? 'green' : 'red'} variant="light">
                      {item.correct ? t('items.right') : t('items.wrong')}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Modal>
  );
}
