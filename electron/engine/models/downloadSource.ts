import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

export interface DownloadSource {
  readonly url: string;
  /** Where under the models folder the file goes: owner/repo/file.gguf for the hub, host/file.gguf otherwise. */
  readonly relativePath: string;
  readonly fileName: string;
  /** Whether this is the Hugging Face hub (it states sha256 and size in x-linked-* headers). */
  readonly isHub: boolean;
  readonly label: string;
}

/** The hub's address; WORKBENCH_HF_ENDPOINT (or HF_ENDPOINT, as huggingface_hub reads it) points elsewhere, e.g. a mirror. */
export function hubEndpoint(): string {
  return (process.env.WORKBENCH_HF_ENDPOINT || process.env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
}

const hubReference = /^hf:([\w.-]+)\/([\w.-]+)(?:@([\w./-]+?))?\/(.+)$/;

/**
 * Reads what the user typed: `hf:owner/repo/path/file.gguf` (optionally `hf:owner/repo@revision/file.gguf`), a
 * hub page link (…/blob/main/…, turned into its download link), or any http(s) URL of a .gguf file.
 */
export function parseDownloadSource(sourceInput: string, endpoint = hubEndpoint()): DownloadSource {
  const source = sourceInput.trim();
  const fail = (why: string): never => {
    throw new WorkbenchError('bad_input', `Download source "${source}": ${why}`, { field: 'source', source }, reason('download_source_invalid', { source }));
  };
  const hub = hubReference.exec(source);
  if (hub) {
    const [, owner, repo, revision = 'main', filePath] = hub as unknown as [string, string, string, string | undefined, string];
    const segments = filePath.split('/').filter(Boolean);
    if (segments.some((segment) => segment === '..' || segment === '.')) fail('the file path must not contain . or .. segments');
    const fileName = segments[segments.length - 1] ?? fail('no file name after owner/repo');
    if (!fileName.toLowerCase().endsWith('.gguf')) fail('the file must be a .gguf file');
    return {
      url: `${endpoint}/${owner}/${repo}/resolve/${encodePath(revision)}/${segments.map(encodeURIComponent).join('/')}`,
      relativePath: `${owner}/${repo}/${fileName}`,
      fileName,
      isHub: true,
      label: `hf:${owner}/${repo}/${segments.join('/')}`,
    };
  }
  if (source.startsWith('hf:')) fail('expected hf:owner/repo/file.gguf');
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return fail('not a URL and not hf:owner/repo/file.gguf');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`only http(s) downloads are supported, not ${url.protocol}`);
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const fileName = segments[segments.length - 1] ?? fail('the URL names no file');
  if (!fileName.toLowerCase().endsWith('.gguf')) fail('the URL must end in a .gguf file name');
  if (fileName.includes('\\') || fileName.startsWith('.')) fail('unusable file name');
  const isHub = url.origin === new URL(endpoint).origin;
  const blob = segments.indexOf('blob');
  if (isHub && blob === 2) url.pathname = url.pathname.replace('/blob/', '/resolve/');
  const relativePath = isHub && segments.length >= 2 ? `${segments[0]}/${segments[1]}/${fileName}` : `${url.hostname}/${fileName}`;
  return { url: url.toString(), relativePath, fileName, isHub, label: source };
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
