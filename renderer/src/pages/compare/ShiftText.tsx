import { Text } from '@mantine/core';
import type { ShiftSegment } from '../../../../electron/shared/contract/compare.ts';
import { deltaBackground, surprisalBackground } from './shiftColor.ts';

interface ShiftTextProps {
  readonly segments: readonly ShiftSegment[];
  readonly column: number;
  readonly baseline: number;
  readonly hovered: number | null;
  readonly onHover: (segment: number | null) => void;
  readonly testId: string;
}

const visible = (text: string): string => text.replace(/\n/g, '↵\n');

/**
 * The scored text under one contender. Non-baseline columns are coloured by Δ log P against the baseline; the
 * baseline by its own surprisal, so a reader sees both "what was hard" and "what changed".
 */
export function ShiftText({ segments, column, baseline, hovered, onHover, testId }: ShiftTextProps) {
  return (
    <Text component="div" size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', lineHeight: 1.9 }} data-testid={testId} onMouseLeave={() => onHover(null)}>
      {segments.map((segment, index) => {
        const own = segment.logprobs[column] ?? null;
        const base = segment.logprobs[baseline] ?? null;
        const delta = column === baseline || own === null || base === null ? null : own - base;
        const background = column === baseline ? surprisalBackground(own) : deltaBackground(delta);
        return (
          <span
            key={index}
            data-testid="shift-segment"
            data-delta={delta === null ? '' : delta.toFixed(4)}
            onMouseEnter={() => onHover(index)}
            style={{ background, borderRadius: 3, padding: '1px 0', outline: hovered === index ? '2px solid var(--mantine-color-indigo-5)' : undefined }}
          >
            {visible(segment.text)}
          </span>
        );
      })}
    </Text>
  );
}
