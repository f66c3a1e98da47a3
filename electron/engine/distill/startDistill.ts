import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DistillProgress, DistillRequest, DistillResult, DistillSkip } from '../../shared/contract/distill.ts';
import { readOptionsSchema } from '../../shared/contract/datasets.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { DatasetStore } from '../datasets/datasetStore.ts';
import { importDataset } from '../datasets/importDataset.ts';
import type { EngineServices } from '../engineServices.ts';
import { generateText } from '../inference/generateText.ts';
import { resolveAdapters } from '../inference/resolveAdapters.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { writeFileAtomic } from '../store/atomicWrite.ts';
import { readPrompts } from './readPrompts.ts';
import { stripTemplateTokens, templateMarkers } from './stripTemplateTokens.ts';

/** llama.cpp's generate request takes at most 16 stop strings: the commonest markers stop the teacher at once. */
const stopStrings = templateMarkers.slice(0, 16);

/**
 * The teacher answers every prompt (chat mode, its own template) and the kept answers become an SFT dataset in
 * the OpenAI messages format, imported through the ordinary import (so it is checked and stored like any other).
 * Nothing is written before the last answer: a cancelled or failed run leaves no dataset and no file.
 */
export function startDistill(services: EngineServices, store: DatasetStore, request: DistillRequest): { jobId: string } {
  // Resolved before the job starts, so a missing model or adapter or a malformed prompt file is an error at once.
  const teacher = new ModelLibrary(services.db).resolve(request.teacher);
  const adapters = request.lora === null ? [] : [{ adapter: request.lora, scale: request.loraScale }];
  resolveAdapters(services.db, adapters);
  const prompts = readPrompts(request.prompts, store);
  const { settings } = request;
  const teacherLabel = `${teacher.name}${request.lora === null ? '' : ` + ${basename(request.lora)}`}`;

  const { jobId } = services.jobs.start<DistillResult>({
    kind: 'distill',
    title: `Distil ${request.name} from ${teacherLabel}`,
    run: async ({ jobId, signal, progress }) => {
      const rows: string[] = [];
      const skipped: DistillSkip[] = [];
      let stripped = 0;
      for (const [index, prompt] of prompts.entries()) {
        signal.throwIfAborted();
        const result = await answer(() => generateText(
          services,
          {
            model: teacher.path,
            adapters,
            mode: 'chat',
            messages: [...prompt.messages],
            sampling: { temperature: settings.temperature, seed: (settings.seed + index) % 0x1_0000_0000 },
            maxTokens: settings.maxTokens,
            stop: [...stopStrings],
          },
          { signal, source: null },
        ));
        const finish = result === null ? null : (result.samples[0]?.finishReason ?? 'eog');
        const kept = result === null ? null : stripTemplateTokens(result.text);
        if (kept?.stripped === true || finish === 'stop') stripped++;
        const leftOut = kept === null ? 'too_long' : kept.text === '' ? 'empty' : finish === 'length' && !settings.keepTruncated ? 'truncated' : null;
        if (kept !== null && leftOut === null) rows.push(JSON.stringify({ messages: [...prompt.messages, { role: 'assistant', content: kept.text }] }));
        else skipped.push({ index, line: prompt.line, prompt: prompt.text, reason: leftOut ?? 'too_long' });
        const data: DistillProgress = { done: index + 1, total: prompts.length, prompt: prompt.text, kept: rows.length, skipped: skipped.length };
        progress({ fraction: (index + 1) / prompts.length, message: `${index + 1}/${prompts.length}: ${prompt.text.slice(0, 80)}`, data });
      }
      if (rows.length === 0) {
        const counts = (['empty', 'truncated', 'too_long'] as const).map((kind) => `${skipped.filter((skip) => skip.reason === kind).length} ${kind}`).join(', ');
        const field = 'settings.maxTokens';
        throw new WorkbenchError('bad_input', `The teacher gave no answer worth keeping (${counts}); raise the max tokens or keep truncated answers`, { field }, reason('field_invalid', { field }));
      }
      signal.throwIfAborted();
      const folder = join(services.home.datasetsDir, 'distilled');
      mkdirSync(folder, { recursive: true });
      const path = join(folder, `${fileSafe(request.name)}-${jobId.slice(0, 8)}.jsonl`);
      await writeFileAtomic(path, `${rows.join('\n')}\n`);
      const imported = await importDataset(
        { path, label: basename(path), sourcePath: path, options: readOptionsSchema.parse({ format: 'openai', fileType: 'jsonl' }), name: request.name },
        { store, tmpDir: services.home.tmpDir, signal },
      );
      const entry = imported.datasets[0];
      if (!entry) throw new WorkbenchError('internal', `Importing ${path} stored no dataset`, { file: path });
      // The same answers were distilled before: the stored dataset is the one to use, its file the one to keep.
      if (entry.alreadyImported) rmSync(path, { force: true });
      return { dataset: entry.dataset, path: entry.alreadyImported ? (entry.dataset.sourcePath ?? path) : path, prompts: prompts.length, rows: rows.length, skipped, stripped, alreadyImported: entry.alreadyImported };
    },
  });
  return { jobId };
}

/** A prompt the teacher's context cannot hold is left out (null), not the end of the run; anything else is. */
async function answer<T>(generate: () => Promise<T>): Promise<T | null> {
  try {
    return await generate();
  } catch (error) {
    const details = error instanceof WorkbenchError ? error.details : undefined;
    if (error instanceof WorkbenchError && error.code === 'bad_input' && details?.field === 'prompt' && typeof details.contextSize === 'number') return null;
    throw error;
  }
}

function fileSafe(name: string): string {
  return name.replace(/[^\w.\-\u4e00-\u9fff]+/g, '_').slice(0, 80) || 'distilled';
}
