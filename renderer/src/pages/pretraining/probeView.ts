import type { WorldGroup, WorldProbeCounts, WorldProbeItem, WorldProbeReport, WorldVerdict } from '../../../../electron/shared/contract/worldChat.ts';

/** The groups in the order the story goes: what SFT taught, what only pretraining saw, what never existed. */
export const worldGroups: readonly WorldGroup[] = ['known', 'heldOut', 'nonexistent'];
/** Stacked bottom to top: right, honest, wrong, made up. */
export const worldVerdicts: readonly WorldVerdict[] = ['correct', 'refused', 'wrong', 'hallucinated'];

/** One colour per verdict, the same in the chart and the item table. */
export const verdictColors: Record<WorldVerdict, { mantine: string; hex: string }> = {
  correct: { mantine: 'green', hex: '#40c057' },
  wrong: { mantine: 'orange', hex: '#fd7e14' },
  refused: { mantine: 'gray', hex: '#868e96' },
  hallucinated: { mantine: 'red', hex: '#fa5252' },
};

/** One bar of the stage chart: one model on one group, each verdict as a share of the questions asked. */
export interface VerdictRow {
  readonly key: string;
  readonly group: WorldGroup;
  readonly label: string;
  readonly asked: number;
  readonly correct: number;
  readonly wrong: number;
  readonly refused: number;
  readonly hallucinated: number;
}

const share = (count: number, asked: number): number => (asked === 0 ? 0 : count / asked);

/** Bars grouped by group, models side by side inside each group (the order of report.models). */
export function verdictRows(report: WorldProbeReport): VerdictRow[] {
  return worldGroups.flatMap((group) =>
    report.models.flatMap((model) => {
      const counts: WorldProbeCounts | undefined = model.byGroup[group];
      if (!counts) return [];
      return [
        {
          key: `${group}|${model.label}`,
          group,
          label: model.label,
          asked: counts.asked,
          correct: share(counts.correct, counts.asked),
          wrong: share(counts.wrong, counts.asked),
          refused: share(counts.refused, counts.asked),
          hallucinated: share(counts.hallucinated, counts.asked),
        },
      ];
    }),
  );
}

/** The numbers the before/after headline quotes for one model; null where the group was not asked. */
export interface ModelHeadline {
  readonly label: string;
  /** Known people answered exactly right (SFT should raise it; IDK training must not destroy it). */
  readonly knownAccuracy: number | null;
  /** Nonexistent people answered "I don't know" (the point of IDK training). */
  readonly nonexistentRefusal: number | null;
  /** Held-out people: right or honestly refused, i.e. not a wrong confident answer. */
  readonly heldOutHonest: number | null;
  /** Completion probe ("<Name> was born in"): what pretraining stored, whatever the chat format did. */
  readonly completionAccuracy: number | null;
}

export function modelHeadline(report: WorldProbeReport, label: string): ModelHeadline | null {
  const model = report.models.find((entry) => entry.label === label);
  if (!model) return null;
  const rate = (group: WorldGroup, pick: (counts: WorldProbeCounts) => number): number | null => {
    const counts = model.byGroup[group];
    return counts && counts.asked > 0 ? pick(counts) / counts.asked : null;
  };
  return {
    label,
    knownAccuracy: rate('known', (counts) => counts.correct),
    nonexistentRefusal: rate('nonexistent', (counts) => counts.refused),
    heldOutHonest: rate('heldOut', (counts) => counts.correct + counts.refused),
    completionAccuracy: model.completion.asked > 0 ? model.completion.correct / model.completion.asked : null,
  };
}

/** Before → after for the headline: the same report's two labels (so both answered the very same questions). */
export function beforeAfter(report: WorldProbeReport, before: string, after: string): { before: ModelHeadline; after: ModelHeadline } | null {
  const first = modelHeadline(report, before);
  const second = modelHeadline(report, after);
  return first && second ? { before: first, after: second } : null;
}

export interface ItemFilter {
  readonly group: WorldGroup | null;
  readonly verdict: WorldVerdict | null;
  /** Restricts the verdict filter to one model; null: any model. */
  readonly label: string | null;
}

/** Items of the group whose answer (by `label`, or by any model) has the verdict. */
export function filterItems(items: readonly WorldProbeItem[], filter: ItemFilter): WorldProbeItem[] {
  return items.filter((item) => {
    if (filter.group !== null && item.group !== filter.group) return false;
    if (filter.verdict === null) return true;
    const answers = filter.label === null ? Object.values(item.answers) : [item.answers[filter.label]].filter((answer) => answer !== undefined);
    return answers.some((answer) => answer.verdict === filter.verdict);
  });
}

export const formatShare = (value: number | null): string => (value === null ? '–' : `${Math.round(value * 100)}%`);

/**
 * The engine names buildIdkData's reasons in English prose ("idk: nonexistent person"); the ones it is known to
 * use have a translated label under chat.idkData.reasons, anything else is shown as written.
 */
const reasonKeys: Record<string, string> = {
  'idk: nonexistent person': 'idkNonexistent',
  'idk: held-out person answered wrong': 'idkHeldOutWrong',
  'idk: held-out person, refusal kept': 'idkHeldOutRefused',
  'replay: held-out person answered right': 'replayHeldOutRight',
  'replay: known person': 'replayKnown',
  'dpo: refusal over hallucination': 'dpoRefusalOverHallucination',
  'dpo: refusal over wrong answer': 'dpoRefusalOverWrong',
  'dpo: answer over refusal (known person)': 'dpoAnswerOverRefusal',
};

export const reasonKey = (reason: string): string | null => reasonKeys[reason] ?? null;
