// Lint is part of `npm test`. The layer rules below are the architecture: engine code never imports Electron or
// touches the DOM; the renderer imports nothing but its own files and the shared contract; only the IPC router
// and preload may use ipcMain/ipcRenderer.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronPackage = { regex: '^electron(/.*)?$', message: 'The engine is plain Node: no Electron imports (docs/ARCHITECTURE.md).' };
// Job progress data and results arrive as unknown: the renderer reads them through the contract's schemas
// (parseJobProgress / parseJobResult / useJob), never with a cast that would hide a changed payload.
const jobPayloadCast = 'Parse job progress and results with parseJobProgress / parseJobResult / useJob (electron/shared/contract/jobPayloads.ts) instead of casting them.';
const jobPayloadCasts = [
  { selector: 'TSAsExpression > MemberExpression.expression[property.name=/^(data|result)$/]', message: jobPayloadCast },
  { selector: 'TSAsExpression > ConditionalExpression.expression MemberExpression[property.name=/^(data|result)$/]', message: jobPayloadCast },
  { selector: 'TSAsExpression > TSAsExpression > MemberExpression.expression[property.name=/^(data|result)$/]', message: jobPayloadCast },
];

// A host's reply is typed by its contract (SupervisedHost<C>, electron/engine/hosts/hostContract.ts); a cast on it
// would hide a reply that changed shape, so lint refuses `(await host.request(...)) as T` and `host.request(...) as T`.
const hostReplyCast = "Host replies are typed by the host's contract (inferenceHostContract.ts / trainerHostContract.ts); declare the result there instead of casting.";
const hostReplyCasts = [
  { selector: "TSAsExpression > AwaitExpression.expression > CallExpression.argument[callee.property.name='request']", message: hostReplyCast },
  { selector: "TSAsExpression > CallExpression.expression[callee.property.name='request']", message: hostReplyCast },
  { selector: "TSAsExpression > CallExpression.expression[callee.property.name=/^(then|catch)$/][callee.object.callee.property.name='request']", message: hostReplyCast },
];

// Host-side code runs inside a supervised child process (node-llama-cpp in the inference host, the native addon in
// the trainer host): loaded into the engine it would put a second ggml beside the trainer's and let a llama.cpp abort
// take the app down. The engine reaches it only through host.request and the host's contract (*HostContract.ts,
// hostRequests.ts: zod and types), never by importing it (docs/ARCHITECTURE.md, "Engine side and host side").
const hostSideFiles = [
  'electron/engine/**/host/**',
  'electron/engine/**/*HostHandlers.ts',
  'electron/engine/**/*InHost.ts',
  'electron/engine/training/native/**',
  'electron/engine/training/run/**',
  'electron/engine/pretraining/run/**',
  'electron/engine/tokenizer/modelTokenizer.ts',
  'electron/engine/tokenizer/vocabOnlyModels.ts',
  // host-side files of areas written in parallel, until they move into their area's host/ folder
  'electron/engine/compress/nativeModelTransform.ts',
  'electron/engine/rewardModel/trainRewardModel.ts',
  'electron/engine/rewardModel/judgeSequence.ts',
];
const hostSideImport = 'Host-side code (a host/ folder, *HostHandlers.ts, *InHost.ts, node-llama-cpp, the native trainer) runs in a host process: reach it with host.request through the host contract (docs/ARCHITECTURE.md).';
const hostSideImports = [
  { regex: '^node-llama-cpp$', message: hostSideImport },
  { regex: '(^|/)host/', message: hostSideImport },
  { regex: '(HostHandlers|InHost)\\.ts$', message: hostSideImport },
  { regex: '(^|/)(loadNativeTrainer|nativeAddon|nativeTrainingSession)\\.ts$', message: hostSideImport },
];

const rendererBoundary = {
  regex: '^((\\.\\./)+(electron/(?!shared/)|apps/|native/|bench/|tests/)|node:|electron$|better-sqlite3|node-llama-cpp|tiktoken)',
  message: 'The renderer imports only its own files and electron/shared (docs/ARCHITECTURE.md).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'native/build/', 'native/.cache/', 'test-output/', '.tmp/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Only electron/main/ipcRouter.ts and electron/preload may use raw IPC.' }] }],
    },
  },
  {
    files: ['electron/engine/**', 'electron/workers/**', 'electron/shared/**', 'apps/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronPackage, { regex: '(^|/)renderer/', message: 'The engine never imports UI code.' }] }],
      'no-restricted-globals': ['error', { name: 'window', message: 'No DOM in the engine.' }, { name: 'document', message: 'No DOM in the engine.' }],
    },
  },
  {
    // The server is a shell that hosts the engine (like electron/main); an engine import of it closes a circle.
    files: ['electron/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [electronPackage, { regex: '(^|/)renderer/', message: 'The engine never imports UI code.' }, { regex: '(^|/)server/', message: 'The engine never imports the server shell that hosts it (electron/server).' }] },
      ],
    },
  },
  {
    // Engine side: everything in the engine that is not host-side.
    files: ['electron/engine/**'],
    ignores: hostSideFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronPackage,
            { regex: '(^|/)renderer/', message: 'The engine never imports UI code.' },
            { regex: '(^|/)server/', message: 'The engine never imports the server shell that hosts it (electron/server).' },
            ...hostSideImports,
          ],
        },
      ],
    },
  },
  {
    // The CLI runs the engine in its own process, so it is engine side too (it may start the server shell).
    files: ['apps/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronPackage, { regex: '(^|/)renderer/', message: 'The engine never imports UI code.' }, ...hostSideImports] }] },
  },
  {
    files: ['electron/engine/**', 'electron/workers/**', 'apps/**', 'bench/**', 'tests/**'],
    rules: { 'no-restricted-syntax': ['error', ...hostReplyCasts] },
  },
  {
    files: ['electron/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./(engine|main|preload|workers)/|node:|electron$)', message: 'The contract is shared by every layer: zod only.' }] }],
    },
  },
  {
    files: ['electron/main/ipcRouter.ts', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
      'no-restricted-imports': ['error', { patterns: [rendererBoundary] }],
      'no-restricted-syntax': ['error', ...jobPayloadCasts],
    },
  },
);
