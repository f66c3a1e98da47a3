export const enApiServer = {
  title: 'Local API (OpenAI-compatible)',
  intro: 'Lets other tools use your library models and adapters through the OpenAI API: /v1/models, /v1/chat/completions, /v1/completions, /v1/embeddings. Model ids: a library name, or name+adapter (name+adapter@0.5 for a scale).',
  enabled: 'Serve the API',
  running: 'Running at {{url}}',
  stopped: 'Stopped',
  stoppedHere: 'This separate listener is stopped',
  mounted: 'OpenAI clients are served at {{url}} by the app\'s own server (workbench serve --api).',
  host: 'Bind address',
  hostHint: '127.0.0.1 keeps it on this computer. Any other address needs an API key.',
  port: 'Port',
  apiKey: 'API key (Bearer)',
  apiKeySet: 'A key is set; type a new one to replace it.',
  apiKeyNone: 'No key: only this computer can call it.',
  removeKey: 'Remove key',
  save: 'Apply',
  error: 'Not running: {{error}}',
};
export type ApiServerStrings = typeof enApiServer;
