import type { RunRecord } from '../../shared/contract/generate.ts';

export interface ExportedRuns {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
}

export function exportRuns(runs: readonly RunRecord[], format: 'json' | 'markdown', now = new Date()): ExportedRuns {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  if (format === 'json') {
    return { fileName: `workbench-runs-${stamp}.json`, mimeType: 'application/json', content: `${JSON.stringify({ version: 1, runs }, null, 2)}\n` };
  }
  return { fileName: `workbench-runs-${stamp}.md`, mimeType: 'text/markdown', content: runs.map(runAsMarkdown).join('\n---\n\n') };
}

/** A fence longer than any backtick run inside, so prompts containing ``` stay intact. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function runAsMarkdown(run: RunRecord): string {
  const request = run.request;
  const result = run.result;
  const lines: string[] = [
    `## ${run.kind === 'score' ? 'Score' : 'Generation'} ${run.id}`,
    '',
    `- When: ${run.createdAt}`,
    `- Model: ${run.modelName} (\`${run.modelPath}\`)`,
    `- Model sha256: ${run.modelSha256 ?? 'not computed'}`,
    `- Adapters: ${run.adapters.length === 0 ? 'none' : run.adapters.map((adapter) => `\`${adapter.path}\` × ${adapter.scale} (sha256 ${adapter.sha256 ?? '?'})`).join(', ')}`,
    `- Mode: ${run.mode}${run.seed === null ? '' : `, seed ${run.seed}`}`,
    `- Engine: ${Object.entries(run.engine).map(([key, value]) => `${key} ${String(value)}`).join(', ')}`,
  ];
  if (request.sampling) lines.push(`- Sampling: \`${JSON.stringify(request.sampling)}\``);
  if (run.template) lines.push('', '### Chat template', '', fenced(run.template, 'jinja'));
  if (run.kind === 'score') {
    lines.push('', '### Scored text', '', fenced(String(request.text ?? '')));
    lines.push('', `Loss ${formatNumber(result.loss)} nats/token, perplexity ${formatNumber(result.perplexity)}, ${String(result.scoredTokens ?? '?')} tokens.`);
    return `${lines.join('\n')}\n`;
  }
  const prompt = run.mode === 'chat' ? JSON.stringify(request.messages ?? [], null, 2) : String(request.prompt ?? '');
  lines.push('', '### Prompt', '', fenced(prompt, run.mode === 'chat' ? 'json' : ''));
  const samples = Array.isArray(result.samples) ? (result.samples as { text?: unknown; finishReason?: unknown; seed?: unknown }[]) : [];
  samples.forEach((sample, index) => {
    const title = samples.length > 1 ? `### Output ${index + 1} (seed ${String(sample.seed)})` : '### Output';
    lines.push('', title, '', fenced(String(sample.text ?? '')), '', `Finished: ${String(sample.finishReason ?? 'unknown')}`);
  });
  return `${lines.join('\n')}\n`;
}

function formatNumber(value: unknown): string {
  return typeof value === 'number' ? value.toFixed(4) : 'n/a';
}
