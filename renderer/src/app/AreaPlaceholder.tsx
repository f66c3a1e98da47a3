import { Alert, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown for an area whose page is not in this build, so navigation is complete and honest. */
export function AreaPlaceholder({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Title order={2} mb="md">
        {t(titleKey)}
      </Title>
      <Alert color="gray">{t('placeholder.notYet')}</Alert>
    </>
  );
}
