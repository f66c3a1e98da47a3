import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { shownError } from '../../api/errorText.ts';

interface RewardCompareScoresProps {
  prompt: string;
  labels: readonly string[];
  outputs: readonly string[];
}

/** Compare's use of a reward model: every column's answer to the prompt scored by it, the highest marked. */
export function RewardCompareScores({ prompt, labels, outputs }: RewardCompareScoresProps) {
  const { t } = useTranslation('rewardModel');
  const rewardModels = useApiQuery('rewardModel.list', {});
  const [rewardModel, setRewardModel] = useState<string | null>(null);
  const [scores, setScores] = useState<number[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = rewardModel ?? rewardModels.data?.[0]?.adapterPath ?? null;
  if (!rewardModels.data?.length || outputs.length === 0) return null;

  const scoreAll = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      const next: number[] = [];
      for (const answer of outputs) next.push((await api.call('rewardModel.score', { rewardModel: chosen!, prompt, answer })).score);
      setScores(next);
    } catch (error) {
      setProblem(shownError(error));
    } finally {
      setBusy(false);
    }
  };
  const top = scores ? scores.indexOf(Math.max(...scores)) : -1;

  return (
    <Card withBorder data-testid="compare-reward">
      <Stack gap="sm">
        <Title order={5}>{t('compare.title')}</Title>
        <Group align="end">
          <Select
            label={t('score.rewardModel')}
            data={rewardModels.data.map((entry) => ({ value: entry.adapterPath, label: `${entry.name} (${entry.accuracy.toFixed(2)})` }))}
            value={chosen}
            onChange={setRewardModel}
          />
          <Button onClick={() => void scoreAll()} disabled={!chosen || busy} loading={busy} data-testid="compare-reward-score">
            {t('compare.score')}
          </Button>
        </Group>
        {problem && <Alert color="red">{problem}</Alert>}
        {scores && (
          <Table>
            <Table.Tbody>
              {scores.map((score, column) => (
                <Table.Tr key={column}>
                  <Table.Td>{labels[column] ?? `#${column + 1}`}</Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {score.toFixed(3)} {column === top && <Badge size="xs">{t('compare.best')}</Badge>}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
