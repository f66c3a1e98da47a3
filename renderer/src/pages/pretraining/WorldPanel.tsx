import { Badge, Button, Card, Group, NumberInput, Progress, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PreparedWorld } from '../../../../electron/shared/contract/pretraining.ts';
import { MergeCountChart } from './MergeCountChart.tsx';
import { useMergeStream } from './MergeStream.ts';
import type { MergeStreamState } from './MergeStreamState.ts';
import { MergeText } from './MergeText.tsx';
import { MergeTimeline } from './MergeTimeline.tsx';
import { TokenizerAtMerge } from './TokenizerAtMerge.tsx';

/** Slow motion spreads the merges over about this long, whatever the vocabulary, so they can be watched. */
const slowMotionSeconds = 5;
/** 256 byte tokens + 3 special tokens: the vocabulary before the first merge. */
const vocabBeforeMerges = 259;
/** Whole-word badges shown above the timeline (the result keeps the first 40 too). */
const wholeWordBadges = 40;

function statusLine(state: MergeStreamState, t: TFunction<'pretraining'>): string {
  const counts = { merges: state.merges.length, vocab: state.vocabSize, target: state.target };
  if (state.phase === 'writing') return t('world.live.writing');
  if (state.phase === 'learning') return t('world.live.learning', counts);
  if (state.phase === 'cancelled') return t('world.live.stopped', counts);
  if (state.phase === 'failed') return t('world.live.failed', { message: state.error ?? '' });
  return t('world.live.learned', counts);
}

/**
 * Step 1: a seeded world and a BPE tokenizer trained on it, live: the vocabulary growing toward its size, every
 * merge as it is learned (whole words highlighted), the falling pair counts, and text tokenized at any merge.
 */
export function WorldPanel({ world, onPrepared }: { world: PreparedWorld | null; onPrepared: (world: PreparedWorld) => void }) {
  const { t } = useTranslation('pretraining');
  const [people, setPeople] = useState(100);
  const [seed, setSeed] = useState(1);
  const [vocab, setVocab] = useState(512);
  const [slowMotion, setSlowMotion] = useState(true);
  const { state, begin, stop, running } = useMergeStream((finished) => {
    if (finished.result) onPrepared(finished.result);
  });
  const generate = () => {
    const budget = Math.max(1, vocab - vocabBeforeMerges);
    begin({ people, seed, vocab, ...(slowMotion ? { mergesPerSecond: Math.max(20, Math.ceil(budget / slowMotionSeconds)) } : {}) });
  };
  const fraction = state.target > vocabBeforeMerges ? Math.min(1, (state.vocabSize - vocabBeforeMerges) / (state.target - vocabBeforeMerges)) : 0;
  // The stream knows the exact merge count (a merge can recreate an existing token, so vocabulary − 259 may be more).
  const learnedMerges = world && state.result?.tokenizerPath === world.tokenizerPath ? state.merges.length : Math.max(0, (world?.vocabSize ?? 0) - vocabBeforeMerges);
  const badges = state.wholeWords.slice(0, wholeWordBadges);

  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Text fw={500}>{t('world.title')}</Text>
        <Group align="end">
          <NumberInput label={t('world.people')} value={people} min={2} max={480} onChange={(value) => setPeople(Number(value) || 2)} w={120} data-testid="world-people" />
          <NumberInput label={t('world.seed')} value={seed} min={0} onChange={(value) => setSeed(Number(value) || 0)} w={120} />
          <NumberInput label={t('world.vocab')} value={vocab} min={259} max={8192} onChange={(value) => setVocab(Number(value) || 512)} w={120} data-testid="world-vocab" />
          <Button loading={running} onClick={generate} data-testid="world-generate">
            {t('world.generate')}
          </Button>
          {running && (
            <Button variant="default" onClick={stop} data-testid="world-stop">
              {t('world.live.cancel')}
            </Button>
          )}
        </Group>
        <Switch label={t('world.live.slowMotion')} checked={slowMotion} onChange={(event) => setSlowMotion(event.currentTarget.checked)} data-testid="world-slow-motion" />
        {state.phase !== 'idle' && (
          <Stack gap={4}>
            <Text size="sm" c={state.phase === 'failed' ? 'red' : undefined} data-testid="world-merge-status" data-state={state.phase} data-merges={state.merges.length}>
              {statusLine(state, t)}
            </Text>
            <Progress value={fraction * 100} animated={running} data-testid="world-merge-progress" />
          </Stack>
        )}
        {world && !running && (
          <Text size="sm" data-testid="world-summary">
            {t('world.summary', { people: world.people, documents: world.documents, bytes: world.corpusBytes, vocab: world.vocabSize })}
          </Text>
        )}
        {badges.length > 0 && (
          <>
            <Text size="sm" c="dimmed">
              {t('world.merges')}
            </Text>
            <Group gap={4} data-testid="world-whole-words">
              {badges.map((merge) => (
                <Badge key={merge.rank} variant="light" color="yellow" style={{ textTransform: 'none' }} title={`#${merge.rank} · ${merge.count}×`} data-testid="world-whole-word">
                  <MergeText text={merge.token} />
                </Badge>
              ))}
            </Group>
          </>
        )}
        {state.merges.length > 0 && (
          <>
            <MergeTimeline merges={state.merges} wholeWords={state.wholeWords} />
            <MergeCountChart merges={state.merges} />
          </>
        )}
        {world && !running && <TokenizerAtMerge key={world.tokenizerPath} tokenizerPath={world.tokenizerPath} totalMerges={learnedMerges} />}
      </Stack>
    </Card>
  );
}
