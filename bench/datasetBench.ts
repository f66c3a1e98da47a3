import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchRow } from './benchTypes.ts';
import { DatasetStore, type NewDataset } from '../electron/engine/datasets/datasetStore.ts';
import { importDataset } from '../electron/engine/datasets/importDataset.ts';
import { validateSource } from '../electron/engine/datasets/validateSource.ts';
import { openDatabase } from '../electron/engine/store/database.ts';

const rowCount = 100_000;
const mib = 1024 ** 2;

const questions = ['What is a base model?', '预训练模型学到了什么？', 'Is 9.11 bigger than 9.9?', '今天几号？', 'Explain supervised fine-tuning in one sentence.'];
const answers = [
  'A base model continues text like the documents it was trained on.',
  '它学会了根据前文预测下一个词，也就是“单词接龙”。',
  'No: 9.9 is bigger, because 0.90 is more than 0.11.',
  "I don't know: I have no calendar.",
  'SFT trains the model on example conversations so that it answers like an assistant.',
];

/** 100,000 OpenAI-format rows, half Chinese and half English, one in a hundred broken in a known way. */
function writeCorpus(dir: string): { jsonl: string; json: string; bytes: number } {
  const lines: string[] = [];
  for (let index = 0; index < rowCount; index++) {
    const pick = index % questions.length;
    if (index % 100 === 99) {
      lines.push(index % 200 === 199 ? '{"messages": [' : JSON.stringify({ messages: [{ role: 'user', content: 'x' }, { role: 'user', content: 'y' }] }));
      continue;
    }
    lines.push(
      JSON.stringify({
        messages: [
          { role: 'system', content: 'You are the LLM Workbench assistant.' },
          { role: 'user', content: `${questions[pick]} (#${index})` },
          { role: 'assistant', content: answers[pick] },
        ],
      }),
    );
  }
  const jsonl = join(dir, 'bench.jsonl');
  const text = `${lines.join('\n')}\n`;
  writeFileSync(jsonl, text);
  const json = join(dir, 'bench.json');
  writeFileSync(json, `[\n${lines.filter((line) => !line.endsWith('[')).join(',\n')}\n]\n`);
  return { jsonl, json, bytes: Buffer.byteLength(text) };
}

/** The collector on demand: resident memory alone counts garbage V8 has not bothered to collect yet. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

interface Measured<T> {
  result: T;
  seconds: number;
  /** Resident memory above the start, garbage included. */
  peakRssMiB: number;
}

/** Runs `work` while sampling resident memory every 10 ms. */
async function measured<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const start = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds: (performance.now() - start) / 1000, peakRssMiB: (peak - baseline) / mib };
  } finally {
    clearInterval(timer);
  }
}

/** The most live heap `work` holds: collected every 25 ms, so what is left is what the code keeps. */
async function liveHeapPeak(work: () => Promise<unknown>): Promise<number> {
  const gc = collector();
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const timer = setInterval(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 25);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return (peak - baseline) / mib;
}

/** The floor any JSONL reader pays: read lines and JSON.parse each, nothing else. */
async function plainParse(path: string): Promise<number> {
  let rows = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    try {
      JSON.parse(line);
    } catch {
      // broken rows count too
    }
    rows++;
  }
  return rows;
}

class TimedStore extends DatasetStore {
  commitSeconds = 0;
  override commitImport(stagingPath: string, datasets: readonly NewDataset[]): ReturnType<DatasetStore['commitImport']> {
    const start = performance.now();
    try {
      return super.commitImport(stagingPath, datasets);
    } finally {
      this.commitSeconds = (performance.now() - start) / 1000;
    }
  }
}

/**
 * Validation and import of 100,000 chat rows (JSONL, and a JSON array read with the streaming scanner): rows per
 * second against a bare readline + JSON.parse loop over the same file, and peak resident memory above the start.
 */
export async function runDatasetBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-dataset-bench-'));
  try {
    const corpus = writeCorpus(dir);
    const size = `${(corpus.bytes / mib).toFixed(1)} MiB`;
    const floor = await measured(() => plainParse(corpus.jsonl));
    const anchor = { name: 'readline + JSON.parse', value: floor.result / floor.seconds, unit: 'rows/s' };

    const validateJsonl = () => validateSource(corpus.jsonl, corpus.jsonl, {}, { maxErrors: 0 });
    const jsonl = await measured(validateJsonl);
    const array = await measured(() => validateSource(corpus.json, corpus.json, {}, { maxErrors: 0 }));

    let importRound = 0;
    const runImport = async (): Promise<{ seconds: number; commitSeconds: number; rows: number; rejected: number }> => {
      const home = join(dir, `home-${importRound++}`);
      mkdirSync(join(home, 'tmp'), { recursive: true });
      const db = openDatabase(join(home, 'workbench.sqlite'));
      const store = new TimedStore(db);
      try {
        const start = performance.now();
        const result = await importDataset({ path: corpus.jsonl, label: corpus.jsonl, sourcePath: corpus.jsonl, options: {} }, { store, tmpDir: join(home, 'tmp') });
        const stored = result.datasets[0]?.dataset;
        return { seconds: (performance.now() - start) / 1000, commitSeconds: store.commitSeconds, rows: stored?.rows ?? 0, rejected: stored?.rejectedRows ?? 0 };
      } finally {
        db.close();
      }
    };
    const imported = await measured(runImport);
    const validateHeap = await liveHeapPeak(validateJsonl);
    const importHeap = await liveHeapPeak(runImport);

    const check = `${jsonl.result.validRows} valid, ${Object.entries(jsonl.result.counts).map(([code, count]) => `${count} ${code}`).join(', ')}`;
    return [
      { name: 'validate 100k rows (JSONL)', value: rowCount / jsonl.seconds, unit: 'rows/s', anchor, notes: `${jsonl.seconds.toFixed(2)} s for ${size}; ${check}` },
      { name: 'validate 100k rows (JSON array)', value: array.result.totalRows / array.seconds, unit: 'rows/s', anchor, notes: `${array.seconds.toFixed(2)} s, streaming array scanner` },
      {
        name: 'import 100k rows (JSONL → SQLite)',
        value: rowCount / imported.result.seconds,
        unit: 'rows/s',
        anchor,
        notes: `${imported.result.seconds.toFixed(2)} s in all; the one commit transaction held the database ${(imported.result.commitSeconds * 1000).toFixed(0)} ms; ${imported.result.rows} rows stored, ${imported.result.rejected} set aside`,
      },
      { name: 'validate: peak live heap', value: validateHeap, unit: 'MiB', notes: `collected every 25 ms; the file is ${size}` },
      { name: 'validate: peak resident memory', value: jsonl.peakRssMiB, unit: 'MiB above start', notes: 'garbage not yet collected included' },
      { name: 'import: peak live heap', value: importHeap, unit: 'MiB', notes: 'collected every 25 ms' },
      { name: 'import: peak resident memory', value: imported.peakRssMiB, unit: 'MiB above start', notes: 'garbage and SQLite page cache included' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
