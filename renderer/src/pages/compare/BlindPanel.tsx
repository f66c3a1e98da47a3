import { Alert, Button, Card, Group, Kbd, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { BlindVerdict, ContenderInput } from '../../../../electron/shared/contract/compare.ts';
import { api } from '../../api/client.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { cellAt } from './compareJobState.ts';
import { Leaderboard } from './Leaderboard.tsx';
import { PromptBox } from './PromptBox.tsx';
import type { PromptSettings } from './promptSettings.ts';
import type { BlindRoundState } from './useBlindRound.ts';

interface BlindPanelProps {
  readonly contenders: readonly ContenderInput[];
  readonly settings: PromptSettings;
  readonly onSettings: (settings: PromptSettings) => void;
  readonly blind: BlindRoundState;
}

const voteKeys: Record<string, BlindVerdict> = { '1': 'a', '2': 'b', '3': 'tie', '4': 'both_bad' };

const typingInto = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** Blind A/B: two hidden contenders, random order, a vote (keys 1–4), the reveal, and the leaderboard. */
export function BlindPanel({ contenders, settings, onSettings, blind }: BlindPanelProps) {
  const { t } = useTranslation('compare');
  const { job, round, problem } = blind;
  const leaderboard = useApiQuery('compare.leaderboard', {});
  const ready = round?.state === 'ready';
  const voted = round?.state === 'voted';
  const start = () => blind.start(contenders, settings, { needTwo: t('blind.needTwo'), needPrompt: t('run.needPrompt'), failed: t('errors.failed') });
  const vote = (verdict: BlindVerdict) => blind.vote(verdict);
  const refetchLeaderboard = leaderboard.refetch;
  useEffect(() => {
    void refetchLeaderboard();
  }, [blind.votes, refetchLeaderboard]);

  // The latest handlers, for a key listener registered once.
  const actions = useRef({ vote, start, ready, voted, running: job.running });
  actions.current = { vote, start, ready, voted, running: job.running };
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return;
      const current = actions.current;
      const verdict = voteKeys[event.key];
      if (verdict && current.ready) {
        event.preventDefault();
        void current.vote(verdict);
      } else if ((event.key === 'n' || event.key === 'N') && !current.running && !current.ready) {
        event.preventDefault();
        void current.start();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const text = (column: number): string => (round && round.texts.length === 2 ? round.texts[column]! : cellAt(job.state, 0, column).text.trim());
  const verdictButton = (verdict: BlindVerdict, label: string, key: string, color: string) => (
    <Button variant={round?.verdict === verdict ? 'filled' : 'light'} color={color} onClick={() => void vote(verdict)} disabled={!ready} data-testid={`vote-${verdict}`} rightSection={<Kbd size="xs">{key}</Kbd>}>
      {label}
    </Button>
  );

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('blind.intro')}
      </Text>
      <PromptBox value={settings} onChange={onSettings} />
      <Group gap="xs">
        <Button onClick={() => void start()} loading={job.running} disabled={ready} data-testid="blind-start">
          {voted ? t('blind.next') : t('blind.start')}
        </Button>
        <Text size="xs" c="dimmed">
          {t('blind.keys')}
        </Text>
      </Group>
      {problem && <Alert color="red">{problem}</Alert>}
      {(job.running || round) && (
        <>
          <SimpleGrid cols={2} spacing="sm">
            {(['A', 'B'] as const).map((side, column) => (
              <Card key={side} withBorder padding="sm" data-testid={`blind-answer-${side.toLowerCase()}`}>
                <Group gap="xs" mb={4}>
                  <Text fw={700}>{t('blind.answer', { side })}</Text>
                  {job.running && <Loader size={12} />}
                  {voted && round?.reveal && (
                    <Text size="sm" c="indigo" data-testid={`blind-reveal-${side.toLowerCase()}`}>
                      = {column === 0 ? round.reveal.a.label : round.reveal.b.label}
                    </Text>
                  )}
                </Group>
                <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 320, overflowY: 'auto', fontSize: 14, lineHeight: 1.55 }}>{text(column)}</div>
              </Card>
            ))}
          </SimpleGrid>
          <Group gap="xs" justify="center">
            {verdictButton('a', t('blind.voteA'), '1', 'indigo')}
            {verdictButton('b', t('blind.voteB'), '2', 'indigo')}
            {verdictButton('tie', t('blind.tie'), '3', 'gray')}
            {verdictButton('both_bad', t('blind.bothBad'), '4', 'red')}
          </Group>
          {voted && round?.reveal && (
            <Alert color="indigo" p="xs" data-testid="blind-reveal">
              {t('blind.reveal', { a: round.reveal.a.label, b: round.reveal.b.label })} — {t('blind.yourVote', { verdict: t(`blind.verdicts.${round.verdict ?? 'tie'}`) })}
            </Alert>
          )}
        </>
      )}
      <Leaderboard
        board={leaderboard.data}
        onReset={() => {
          void api.call('compare.blindReset', { confirm: true }).then(() => leaderboard.refetch());
        }}
      />
    </Stack>
  );
}
