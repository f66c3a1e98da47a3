import { useQueryClient } from '@tanstack/react-query';

/** After an override, a deletion or a re-run, everything that shows runs reads them again. */
export function useRefreshRuns(): () => void {
  const queries = useQueryClient();
  return () => {
    for (const method of ['hallucination.listRuns', 'hallucination.getRun', 'hallucination.compareRuns']) void queries.invalidateQueries({ queryKey: [method] });
  };
}
