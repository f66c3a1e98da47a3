import type { CanonicalRow, DatasetMessage } from '../../shared/contract/datasets.ts';
import { problemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { keyPath } from './jsonPath.ts';
import type { ConvertedRecord, MessagePaths, RecordProblem, RowPlan } from './rowConversion.ts';

const mediaKinds = ['images', 'videos', 'audios'] as const;
/** LLaMA-Factory's placeholders for the media a row carries. */
const mediaMarker = /<(image|video|audio)>/;

/**
 * Images, videos and audio (LLaMA-Factory's multimodal columns and the `<image>` markers in the text) cannot be
 * kept: the workbench trains text-only models. Such a row is refused, naming the field, rather than imported with
 * its media silently gone.
 */
export function mediaProblems(record: Readonly<Record<string, unknown>>, base: string, plan: RowPlan, converted: ConvertedRecord): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const kind of mediaKinds) {
    const key = plan.columns[kind] ?? kind;
    const value = record[key];
    const present = Array.isArray(value) ? value.length > 0 : typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
    if (present) {
      problems.push({
        path: keyPath(base, key),
        code: 'multimodal',
        message: `The row has ${kind} ("${key}"); the workbench trains text-only models, so it cannot keep them`,
        reason: problemReason('media_column', { media: kind, field: key }),
      });
    }
  }
  const row = converted.row;
  if (row && row.kind !== 'text') {
    for (const [messages, paths] of messageLists(row, converted)) {
      messages.forEach((message, index) => {
        const marker = mediaMarker.exec(message.content);
        if (!marker) return;
        problems.push({
          path: paths[index]?.content ?? base,
          code: 'multimodal',
          message: `The ${message.role} turn has a ${marker[0]} marker: it stands for ${marker[1]} data, which a text-only model cannot train on`,
          reason: problemReason('media_marker', { role: message.role, marker: marker[0] }),
        });
      });
    }
  }
  return problems;
}

function messageLists(row: Exclude<CanonicalRow, { kind: 'text' }>, converted: ConvertedRecord): [readonly DatasetMessage[], readonly MessagePaths[]][] {
  const { paths } = converted;
  return row.kind === 'preference'
    ? [
        [row.prompt, paths.prompt],
        [row.chosen, paths.chosen],
        [row.rejected, paths.rejected],
      ]
    : [[row.messages, paths.messages]];
}
