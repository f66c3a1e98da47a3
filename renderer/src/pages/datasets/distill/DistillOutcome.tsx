import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DistillResult } from '../../../../../electron/shared/contract/distill.ts';
import { trainingHash } from '../../training/trainingRoute.ts';

interface DistillOutcomeProps {
  readonly result: DistillResult;
  readonly onOpen: (datasetId: string) => void;
}

/** What a finished distillation made, what it left out and why, and the next step: train a student on it. */
export function DistillOutcome({ result, onOpen }: DistillOutcomeProps) {
  const { t } = useTranslation('distill');
  const { dataset } = result;
  return (
    <Alert color="green" data-testid="distill-result">
      <Stack gap="xs">
        <Text size="sm">
          {result.alreadyImported
            ? t('already', { name: dataset.name })
            : t('done', { name: dataset.name, rows: result.rows, prompts: result.prompts, stripped: result.stripped })}
        </Text>
        {result.skipped.length > 0 && (
          <>
            <Text size="sm" fw={500}>
              {t('skippedTitle')}
            </Text>
            <List size="sm" data-testid="distill-skipped">
              {result.skipped.slice(0, 20).map((skip) => (
                <List.Item key={skip.index}>
                  {skip.line === null ? t('skipIndex', { index: skip.index + 1 }) : t('skipLine', { line: skip.line })}: {t(`skipReason.${skip.reason}`)} — {skip.prompt.slice(0, 80)}
                </List.Item>
              ))}
            </List>
          </>
        )}
        <Group>
          <Button size="xs" variant="default" onClick={() => onOpen(dataset.id)}>
            {t('open')}
          </Button>
          <Button size="xs" component="a" href={trainingHash(dataset.id)} data-testid="distill-train-student">
            {t('trainStudent')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
