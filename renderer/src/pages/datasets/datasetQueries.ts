import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/** After an import or edit: everything the page shows about datasets is read again. */
export function useRefreshDatasets(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    for (const method of ['datasets.list', 'datasets.get', 'datasets.rows', 'datasets.row', 'datasets.problems', 'datasets.stats', 'datasets.preview']) {
      void queryClient.invalidateQueries({ queryKey: [method] });
    }
  }, [queryClient]);
}
