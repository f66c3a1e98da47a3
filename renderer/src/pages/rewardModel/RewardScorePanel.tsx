import { Alert, Badge, Button, Group, NumberInput, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BestOfNResult } from '../../../../electron/shared/contract/rewardModel.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';

interface RewardScorePanelProps {
  /** The page's current prompt and answer, offered with "use current". */
  currentPrompt: string;
  currentAnswer: string;
  testId: string;
}

/**
 * Uses a trained reward model where answers are read (Playground, Compare): score one answer for a prompt, or
 * best-of-N — sample N answers from the reward model's base and keep the one it scores highest.
 */
export function RewardScorePanel({ currentPrompt, currentAnswer, testId }: RewardScorePanelProps) {
  const { t } = useTranslation('rewardModel');
  const rewardModels = useApiQuery('rewardModel.list', {});
  const [rewardModel, setRewardModel] = useState<string | null>(null);
  const [prompt, setPrompt] = useState(currentPrompt);
  const [answer, setAnswer] = useState(currentAnswer);
  const [n, setN] = useState(4);
  const [score, setScore] = useState<number | null>(null);
  const [best, setBest] = useState<BestOfNResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const scoreCall = useApiMutation('rewardModel.score');
  const bestCall = useApiMutation('rewardModel.bestOfN');
  const busy = scoreCall.isPending || bestCall.isPending;
  const chosen = rewardModel ?? rewardModels.data?.[0]?.adapterPath ?? null;
  const fail = (error: Error) => setProblem(error.message);

  return (
    <Stack gap="sm" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {t('score.intro')}
      </Text>
      {rewardModels.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('score.none')}
        </Text>
      ) : (
        <Select
          label={t('score.rewardModel')}
          placeholder={t('score.rewardModelPlaceholder')}
          data={(rewardModels.data ?? []).map((entry) => ({ value: entry.adapterPath, label: `${entry.name} (${entry.accuracy.toFixed(2)})` }))}
          value={chosen}
          onChange={setRewardModel}
          data-testid={`${testId}-model`}
        />
      )}
      <Button
        variant="subtle"
        size="xs"
        w="fit-content"
        onClick={() => {
          setPrompt(currentPrompt);
          setAnswer(currentAnswer);
        }}
      >
        {t('score.useCurrent')}
      </Button>
      <Textarea label={t('score.prompt')} autosize minRows={1} maxRows={6} value={prompt} onChange={(event) => setPrompt(event.currentTarget.value)} data-testid={`${testId}-prompt`} />
      <Textarea label={t('score.answer')} autosize minRows={2} maxRows={10} value={answer} onChange={(event) => setAnswer(event.currentTarget.value)} data-testid={`${testId}-answer`} />
      <Group align="end">
        <Button
          disabled={!chosen || busy}
          onClick={() => {
            setProblem(null);
            scoreCall.mutate({ rewardModel: chosen!, prompt, answer }, { onSuccess: (result) => setScore(result.score), onError: fail });
          }}
          data-testid={`${testId}-score`}
        >
          {t('score.score')}
        </Button>
        <NumberInput w={80} label={t('score.n')} value={n} min={1} max={16} onChange={(value) => setN(Number(value) || 1)} />
        <Button
          variant="light"
          disabled={!chosen || busy || prompt.trim() === ''}
          onClick={() => {
            setProblem(null);
            bestCall.mutate({ rewardModel: chosen!, prompt, n }, { onSuccess: setBest, onError: fail });
          }}
          data-testid={`${testId}-best`}
        >
          {t('score.bestOfN')}
        </Button>
      </Group>
      {score !== null && (
        <Text size="sm" data-testid={`${testId}-value`}>
          {t('score.scoreValue', { score: score.toFixed(3) })}
        </Text>
      )}
      {problem && <Alert color="red">{problem}</Alert>}
      {best && (
        <Table data-testid={`${testId}-candidates`}>
          <Table.Tbody>
            {best.candidates.map((candidate, index) => (
              <Table.Tr key={index}>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{candidate.text}</Table.Td>
                <Table.Td w={120}>
                  {candidate.score.toFixed(3)} {index === best.best && <Badge size="xs">{t('score.best')}</Badge>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
