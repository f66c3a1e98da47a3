import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { storedConnection } from '../../../api/connection.ts';

/** Which engine this window drives, always in sight (the status bar). */
export function EngineBadge() {
  const { t } = useTranslation('connection');
  const remote = storedConnection();
  return (
    <Badge size="xs" variant="light" color={remote ? 'grape' : 'gray'} data-testid="engine-badge" title={remote ? remote.url : undefined}>
      {remote ? t('badgeRemote', { url: remote.url }) : t('badgeLocal')}
    </Badge>
  );
}
