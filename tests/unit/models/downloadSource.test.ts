import { describe, expect, it } from 'vitest';
import { parseDownloadSource } from '../../../electron/engine/models/downloadSource.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';

const hub = 'https://huggingface.co';

describe('download sources', () => {
  it('turns hf:owner/repo/file.gguf into the hub\'s resolve URL', () => {
    expect(parseDownloadSource('hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf', hub)).toEqual({
      url: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q8_0.gguf',
      relativePath: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf',
      fileName: 'qwen2.5-0.5b-instruct-q8_0.gguf',
      isHub: true,
      label: 'hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf',
    });
    const nested = parseDownloadSource('hf:o/r@v1.0/sub dir/m.gguf', 'http://127.0.0.1:9');
    expect(nested.url).toBe('http://127.0.0.1:9/o/r/resolve/v1.0/sub%20dir/m.gguf');
    expect(nested.relativePath).toBe('o/r/m.gguf');
  });

  it('turns a hub page link into its download link; other URLs stay as they are', () => {
    expect(parseDownloadSource(`${hub}/o/r/blob/main/m.gguf`, hub).url).toBe(`${hub}/o/r/resolve/main/m.gguf`);
    const other = parseDownloadSource('https://example.com/models/m%201.gguf?download=1', hub);
    expect(other).toMatchObject({ isHub: false, fileName: 'm 1.gguf', relativePath: 'example.com/m 1.gguf' });
    expect(other.url).toBe('https://example.com/models/m%201.gguf?download=1');
  });

  it('refuses what it cannot download, naming the field', () => {
    for (const bad of ['hf:owner/repo', 'hf:o/r/model.bin', 'ftp://x/m.gguf', 'not a url', 'hf:o/r/../x.gguf', 'https://example.com/']) {
      let error: unknown;
      try {
        parseDownloadSource(bad, hub);
      } catch (caught) {
        error = caught;
      }
      expect(error, bad).toBeInstanceOf(WorkbenchError);
      expect((error as WorkbenchError).details).toMatchObject({ field: 'source' });
    }
  });
});
