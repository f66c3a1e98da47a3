import { useQueryClient } from '@tanstack/react-query';

/** After a library change, everything that lists models (this page, the playground's picker) reloads. */
export function useRefreshModels(): () => void {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['models.list'] });
    void client.invalidateQueries({ queryKey: ['models.loaded'] });
  };
}
