/** Files a trainer's or converter's folder needs; optimizer states, pickles and logs stay behind. */
const wanted = /\.(json|safetensors)$/i;

export interface FolderUpload {
  /** The folder on the engine's machine holding the uploaded files. */
  readonly folder: string;
  readonly uploaded: string[];
  /** Files left out (not .json / .safetensors). */
  readonly skipped: string[];
}

/** One file to the server's upload route, with byte progress (fetch has no upload progress; XHR does). */
function uploadOne(file: File, folderToken: string, onBytes: (sent: number) => void): Promise<{ path: string; folder: string }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/upload?folder=${encodeURIComponent(folderToken)}&name=${encodeURIComponent(file.name)}`);
    request.upload.onprogress = (event) => onBytes(event.loaded);
    request.onerror = () => reject(new Error(`Uploading ${file.name} failed: the server could not be reached`));
    request.onload = () => {
      let reply: { path?: string; folder?: string; error?: { message?: string } } = {};
      try {
        reply = JSON.parse(request.responseText) as typeof reply;
      } catch {
        // reported below with the status
      }
      if (request.status !== 200 || !reply.path || !reply.folder) reject(new Error(reply.error?.message ?? `Uploading ${file.name} failed (HTTP ${request.status})`));
      else resolve({ path: reply.path, folder: reply.folder });
    };
    request.send(file);
  });
}

/**
 * Browser mode has no file paths: the files of a dropped or chosen folder are streamed one by one into one folder
 * on the engine's machine, whose path the import methods then take like any other.
 */
export async function uploadFolder(files: readonly File[], onProgress: (fraction: number) => void): Promise<FolderUpload> {
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  const kept = sorted.filter((file) => wanted.test(file.name));
  const skipped = sorted.filter((file) => !wanted.test(file.name)).map((file) => file.name);
  if (kept.length === 0) throw new Error(`None of ${files.map((file) => file.name).join(', ') || 'the dropped items'} is a .json or .safetensors file`);
  const token = crypto.randomUUID();
  const total = kept.reduce((sum, file) => sum + file.size, 0) || 1;
  let done = 0;
  let folder = '';
  for (const file of kept) {
    const reply = await uploadOne(file, token, (sent) => onProgress((done + sent) / total));
    done += file.size;
    folder = reply.folder;
    onProgress(done / total);
  }
  return { folder, uploaded: kept.map((file) => file.name), skipped };
}

/** The files of a drop: plain files, and the top-level files of a dropped folder. */
export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.every((entry) => entry === null || entry.isFile)) return [...transfer.files];
  const files: File[] = [];
  for (const entry of entries) {
    if (entry?.isFile) files.push(await fileOf(entry as FileSystemFileEntry));
    else if (entry?.isDirectory) {
      const children = await readEntries((entry as FileSystemDirectoryEntry).createReader());
      for (const child of children) if (child.isFile) files.push(await fileOf(child as FileSystemFileEntry));
    }
  }
  return files;
}

const fileOf = (entry: FileSystemFileEntry): Promise<File> => new Promise((resolve, reject) => entry.file(resolve, reject));

/** readEntries answers in batches until an empty one. */
async function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
