import { Badge, Group, Loader, SegmentedControl, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { ContenderInput, PlacementPlan } from '../../../../electron/shared/contract/compare.ts';
import { useApiQuery } from '../../api/hooks.ts';

export type PlacementChoice = 'auto' | 'together' | 'sequential';

interface PlacementBadgeProps {
  readonly contenders: readonly ContenderInput[];
  readonly placement: PlacementChoice;
  readonly onPlacement: (placement: PlacementChoice) => void;
  /** The plan of the run in progress, which wins over the estimate. */
  readonly livePlan: PlacementPlan | null;
}

/** The memory estimate before a run: whether the contenders' models load together or one after another. */
export function PlacementBadge({ contenders, placement, onPlacement, livePlan }: PlacementBadgeProps) {
  const { t } = useTranslation('compare');
  const [debounced] = useDebouncedValue(contenders, 400);
  const estimate = useApiQuery('compare.plan', { contenders: [...debounced], placement }, { enabled: debounced.length >= 2, staleTime: 10_000 });
  const plan = livePlan ?? (debounced.length >= 2 ? estimate.data : undefined);
  return (
    <Group gap="xs">
      <Text size="sm">{t('placement.label')}</Text>
      <SegmentedControl
        size="xs"
        value={placement}
        onChange={(value) => onPlacement(value as PlacementChoice)}
        data={(['auto', 'together', 'sequential'] as const).map((value) => ({ value, label: t(`placement.options.${value}`) }))}
        data-testid="placement-choice"
      />
      {estimate.isFetching && !livePlan && <Loader size="xs" />}
      {plan && (
        <Tooltip label={plan.reason} multiline w={360}>
          <Badge color={plan.placement === 'together' ? 'teal' : 'orange'} variant="light" data-testid="placement-badge" data-placement={plan.placement}>
            {t(`placement.${plan.placement}`)}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
