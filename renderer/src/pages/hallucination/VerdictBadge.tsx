import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Verdict } from '../../../../electron/shared/contract/hallucination.ts';

const colors: Record<Verdict, string> = { correct: 'green', incorrect: 'red', not_attempted: 'gray' };

export function VerdictBadge({ verdict, overridden = false }: { verdict: Verdict; overridden?: boolean }) {
  const { t } = useTranslation('hallucination');
  return (
    <Badge color={colors[verdict]} variant={overridden ? 'outline' : 'light'} data-testid="verdict-badge" data-verdict={verdict} data-overridden={overridden}>
      {t(`verdicts.${verdict}`)}
      {overridden ? ' ✎' : ''}
    </Badge>
  );
}
