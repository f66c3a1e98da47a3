import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import type { DatasetSource } from '../../shared/contract/datasets.ts';
import { writeFileAtomicSync } from '../store/atomicWrite.ts';
import { samplePath } from './builtinSamples.ts';

/** A source as a file on disk: text sent from the page is written to the data home's tmp folder first. */
export interface ResolvedSource {
  readonly path: string;
  /** The name used in messages and as the default dataset name. */
  readonly label: string;
  /** What the dataset records as its source (null for text from the page, which has no path). */
  readonly sourcePath: string | null;
  /** Deletes the temporary copy, if one was made. */
  release(): void;
}

export function resolveSource(source: DatasetSource, tmpDir: string): ResolvedSource {
  switch (source.kind) {
    case 'file': {
      const path = resolve(source.path);
      // A file the browser uploaded is a copy in tmp/: its path means nothing to the user.
      const uploaded = path.startsWith(join(resolve(tmpDir), 'uploads') + sep);
      return { path, label: path, sourcePath: uploaded ? null : path, release: () => undefined };
    }
    case 'sample': {
      const { path, fileName } = samplePath(source.id);
      return { path, label: fileName, sourcePath: path, release: () => undefined };
    }
    case 'text': {
      const folder = join(tmpDir, 'uploads');
      mkdirSync(folder, { recursive: true });
      const name = basename(source.fileName).replace(/[^\w.\-\u4e00-\u9fff]/g, '_') || 'upload.jsonl';
      const path = join(folder, `${randomUUID()}-${name}`);
      writeFileAtomicSync(path, source.text);
      return { path, label: source.fileName, sourcePath: null, release: () => rmSync(path, { force: true }) };
    }
  }
}
