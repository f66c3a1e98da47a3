import { List, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <Title order={2} mb="sm">
        {t('home.title')}
      </Title>
      <Text mb="md">{t('home.intro')}</Text>
      <List type="ordered" spacing="xs">
        <List.Item>{t('home.steps.models')}</List.Item>
        <List.Item>{t('home.steps.playground')}</List.Item>
        <List.Item>{t('home.steps.compare')}</List.Item>
        <List.Item>{t('home.steps.training')}</List.Item>
      </List>
    </>
  );
}
