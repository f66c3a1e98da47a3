import { Anchor, Badge, Group, List, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.ts';

type Step = 'models' | 'playground' | 'compare' | 'training';

/** The first steps, each a link to its page and marked done once the library or history shows it was. */
export function HomePage() {
  const { t } = useTranslation();
  const models = useApiQuery('models.list', {});
  const generations = useApiQuery('generate.history', { limit: 1 });
  const compares = useApiQuery('compare.history', { limit: 1 });
  const runs = useApiQuery('training.runs', { limit: 1 }, { retry: false });
  const done: Record<Step, boolean> = {
    models: (models.data?.length ?? 0) > 0,
    playground: (generations.data?.total ?? 0) > 0,
    compare: (compares.data?.total ?? 0) > 0,
    training: (runs.data?.length ?? 0) > 0,
  };
  return (
    <>
      <Title order={2} mb="sm">
        {t('home.title')}
      </Title>
      <Text mb="md">{t('home.intro')}</Text>
      <List type="ordered" spacing="xs">
        {(['models', 'playground', 'compare', 'training'] as const).map((step) => (
          <List.Item
            key={step}
            data-testid={`home-step-${step}`}
            data-done={done[step]}
            icon={
              done[step] ? (
                <ThemeIcon color="teal" size={20} radius="xl">
                  ✓
                </ThemeIcon>
              ) : undefined
            }
          >
            <Group gap="xs">
              <Anchor href={`#/${step}`}>{t(`home.steps.${step}`)}</Anchor>
              {done[step] && (
                <Badge size="xs" color="teal" variant="light">
                  {t('home.stepDone')}
                </Badge>
              )}
            </Group>
          </List.Item>
        ))}
      </List>
    </>
  );
}
