import { mkdirSync } from 'node:fs';
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
        const result = await generateText(
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
        );
        const finish = result.samples[0]?.finishReason ?? 'eog';
        const answer = stripTemplateTokens(result.text);
        if (answer.stripped || finish === 'stop') stripped++;
        const reason = answer.text === '' ? 'empty' : finish === 'length' && !settings.keepTruncated ? 'truncated' : null;
        if (reason) skipped.push({ index, line: prompt.line, prompt: prompt.text, reason });
        else rows.push(JSON.stringify({ messages: [...prompt.messages, { role: 'assistant', content: answer.text }] }));
        const data: DistillProgress = { done: index + 1, total: prompts.length, prompt: prompt.text, kept: rows.length, skipped: skipped.length };
        progress({ fraction: (index + 1) / prompts.length, message: `${index + 1}/${prompts.length}: ${prompt.text.slice(0, 80)}`, data });
      }
      if (rows.length === 0) {
        const counts = (['empty', 'truncated'] as const).map((kind) => `${skipped.filter((skip) => skip.reason === kind).length} ${kind}`).join(', ');
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
      return { dataset: entry.dataset, path, prompts: prompts.length, rows: rows.length, skipped, stripped, alreadyImported: entry.alreadyImported };
    },
  });
  return { jobId };
}

function fileSafe(name: string): string {
  return name.replace(/[^\w.\-\u4e00-\u9fff]+/g, '_').slice(0, 80) || 'distilled';
}
