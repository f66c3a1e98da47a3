import { api } from '../../api/client.ts';

/** Asks the engine for a saved run in a format and hands the file to the browser's download. */
export async function saveExport(runId: string, format: 'csv' | 'json' | 'markdown'): Promise<void> {
  const file = await api.call('compare.export', { id: runId, format });
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
