import type { ModelEntry } from '../../../electron/shared/contract/models.ts';

/** The library name without the " (2)" the library adds to keep names unique. */
const nameBase = (name: string): string => name.replace(/ \(\d+\)$/, '').toLowerCase();

/**
 * How a model is offered in a picker: its name and kind, plus its file when another model reads the same
 * (two quantizations of one model both call themselves "Qwen2.5 0.5B Instruct"; "(2)" alone says nothing).
 */
export function modelChoiceLabel(model: Pick<ModelEntry, 'id' | 'name' | 'kind' | 'fileName'>, library: readonly Pick<ModelEntry, 'id' | 'name'>[]): string {
  const label = `${model.name} (${model.kind})`;
  const twin = library.some((other) => other.id !== model.id && nameBase(other.name) === nameBase(model.name));
  return twin ? `${label} · ${model.fileName}` : label;
}
