import type { ContenderInput } from '../../../../electron/shared/contract/compare.ts';
import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';

const modeTags = { raw: 'raw', chat: 'chat', fewshot: 'few-shot' } as const;

/** The label a column shows before the engine names it (it uses the same shape: "name + adapter · mode"). */
export function contenderLabel(contender: ContenderInput, models: readonly ModelEntry[]): string {
  if (contender.label) return contender.label;
  const model = models.find((entry) => entry.id === contender.model);
  const name = model?.name ?? contender.model.split(/[\\/]/).pop() ?? contender.model;
  const adapters = (contender.adapters ?? []).map((adapter) => ` + ${adapter.adapter.split(/[\\/]/).pop()?.replace(/\.gguf$/i, '')}`).join('');
  return `${name}${adapters} · ${modeTags[contender.mode ?? 'raw']}`;
}
