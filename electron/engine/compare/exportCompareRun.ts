import type { CompareCell, CompareRunRecord } from '../../shared/contract/compare.ts';

export interface ExportedFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
}

/** RFC 4180: quote a field that holds a comma, quote, CR or LF; double the quotes inside. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const round = (value: number | null | undefined, digits: number): number | null =>
  value === null || value === undefined ? null : Number(value.toFixed(digits));

function fileStem(run: CompareRunRecord): string {
  const date = run.createdAt.slice(0, 19).replace(/[:T]/g, '-');
  return `compare-${date}-${run.id.slice(0, 8)}`;
}

function cellAt(run: CompareRunRecord, prompt: number, column: number): CompareCell | undefined {
  return run.cells.find((cell) => cell.prompt === prompt && cell.column === column);
}

/**
 * One row per prompt, four columns per contender (output, tokens, tokens/s, time to first token). A UTF-8 byte
 * order mark leads the file so spreadsheet programs read Chinese text correctly.
 */
function toCsv(run: CompareRunRecord): string {
  const header = ['prompt_index', 'prompt'];
  for (const contender of run.contenders) {
    header.push(`${contender.label} | output`, `${contender.label} | tokens`, `${contender.label} | tokens_per_second`, `${contender.label} | ttft_ms`);
  }
  const rows = run.prompts.map((prompt, promptIndex) => {
    const row: (string | number | null)[] = [promptIndex + 1, prompt];
    run.contenders.forEach((_, column) => {
      const cell = cellAt(run, promptIndex, column);
      row.push(
        cell ? (cell.error ? `ERROR: ${cell.error.message}` : cell.text) : null,
        cell?.timings?.generatedTokens ?? null,
        round(cell?.timings?.tokensPerSecond, 2),
        round(cell?.timings?.timeToFirstTokenMs, 1),
      );
    });
    return row;
  });
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function toMarkdown(run: CompareRunRecord): string {
  const lines = [`# ${run.title}`, '', `${run.createdAt} · seed ${run.settings.seed} · max ${run.settings.maxTokens} tokens`, ''];
  run.contenders.forEach((contender, column) => lines.push(`${column + 1}. **${contender.label}** — \`${contender.modelPath}\``));
  run.prompts.forEach((prompt, promptIndex) => {
    lines.push('', `## Prompt ${promptIndex + 1}`, '', '```text', prompt, '```');
    run.contenders.forEach((contender, column) => {
      const cell = cellAt(run, promptIndex, column);
      const speed = cell?.timings?.tokensPerSecond ? ` · ${cell.timings.tokensPerSecond.toFixed(1)} tokens/s` : '';
      lines.push('', `### ${contender.label}${speed}`, '', cell?.error ? `> Error: ${cell.error.message}` : ['```text', cell?.text ?? '(not run)', '```'].join('\n'));
    });
  });
  return `${lines.join('\n')}\n`;
}

export function exportCompareRun(run: CompareRunRecord, format: 'csv' | 'json' | 'markdown'): ExportedFile {
  const stem = fileStem(run);
  switch (format) {
    case 'csv':
      return { fileName: `${stem}.csv`, mimeType: 'text/csv;charset=utf-8', content: toCsv(run) };
    case 'json':
      return { fileName: `${stem}.json`, mimeType: 'application/json', content: `${JSON.stringify(run, null, 2)}\n` };
    case 'markdown':
      return { fileName: `${stem}.md`, mimeType: 'text/markdown;charset=utf-8', content: toMarkdown(run) };
  }
}
