import { Badge, Button, Card, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreparedWorld } from '../../../../electron/shared/contract/pretraining.ts';
import { useApiMutation } from '../../api/hooks.ts';

/** Step 1: a seeded world and a BPE tokenizer trained on it; shows which whole words became single tokens. */
export function WorldPanel({ world, onPrepared }: { world: PreparedWorld | null; onPrepared: (world: PreparedWorld) => void }) {
  const { t } = useTranslation('pretraining');
  const [people, setPeople] = useState(100);
  const [seed, setSeed] = useState(1);
  const [vocab, setVocab] = useState(512);
  const prepare = useApiMutation('pretraining.prepareWorld');
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Text fw={500}>{t('world.title')}</Text>
        <Group align="end">
          <NumberInput label={t('world.people')} value={people} min={2} max={480} onChange={(value) => setPeople(Number(value) || 2)} w={120} data-testid="world-people" />
          <NumberInput label={t('world.seed')} value={seed} min={0} onChange={(value) => setSeed(Number(value) || 0)} w={120} />
          <NumberInput label={t('world.vocab')} value={vocab} min={259} max={8192} onChange={(value) => setVocab(Number(value) || 512)} w={120} />
          <Button loading={prepare.isPending} onClick={() => prepare.mutate({ people, seed, vocab }, { onSuccess: onPrepared })} data-testid="world-generate">
            {t('world.generate')}
          </Button>
        </Group>
        {prepare.error && <Text c="red">{prepare.error.message}</Text>}
        {world && (
          <>
            <Text size="sm" data-testid="world-summary">
              {t('world.summary', { people: world.people, documents: world.documents, bytes: world.corpusBytes, vocab: world.vocabSize })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('world.merges')}
            </Text>
            <Group gap={4}>
              {world.wholeWordMerges.map((merge) => (
                <Badge key={merge.rank} variant="light" style={{ textTransform: 'none' }} title={`#${merge.rank} · ${merge.count}×`}>
                  {JSON.stringify(merge.token)}
                </Badge>
              ))}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}
