export const enAdapters = {
  title: 'Adapters',
  intro: 'LoRA adapters next to their base model: the ones you trained and the ones you add. Each is checked against its base when added, and the local API serves it as base+adapter.',
  base: 'Base model',
  basePlaceholder: 'Pick the base model',
  path: 'Adapter file or folder',
  pathPlaceholder: '/path/to/adapter.gguf or /path/to/adapters',
  addFile: 'Add file',
  scan: 'Scan folder',
  scanResult: '{{added}} added, {{known}} already in the library, {{skipped}} skipped',
  skipReason: {
    not_adapter: 'not a LoRA adapter',
    does_not_fit: 'does not fit this base',
    unreadable: 'not readable as GGUF',
  },
  empty: 'No adapters for this base yet.',
  column: { name: 'Name', file: 'File', rank: 'Rank', source: 'From', api: 'API model id' },
  source: { training: 'training', file: 'added' },
  missing: 'file missing',
  remove: 'Remove from library',
};

export type AdaptersStrings = typeof enAdapters;
