import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';

/** Library models as Select options; the current one stays listed even if the library does not hold it. */
export function modelOptions(models: readonly ModelEntry[], current: { path: string; name: string } | null): { value: string; label: string }[] {
  const options = models.filter((model) => model.exists).map((model) => ({ value: model.path, label: model.name }));
  return current && !options.some((option) => option.value === current.path) ? [{ value: current.path, label: current.name }, ...options] : options;
}

/** The library name of the model at `path`, else its file name (a model written but not yet listed). */
export function modelName(models: readonly ModelEntry[], path: string): string {
  return models.find((model) => model.path === path)?.name ?? path.split(/[\\/]/).at(-1) ?? path;
}
