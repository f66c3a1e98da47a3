export const enPretraining = {
  title: 'Nano pretraining',
  intro: 'Train a tiny llama from random weights on a synthetic world of fictional people, and watch it go from gibberish to words to facts. The ground truth is known exactly.',
  presets: {
    title: 'Model sizes',
    name: 'Preset',
    parameters: 'Parameters',
    shape: 'Shape',
    time: 'Estimated time',
    memory: 'Memory',
  },
  world: {
    title: '1. World and tokenizer',
    people: 'People',
    seed: 'Seed',
    vocab: 'Vocabulary',
    generate: 'Generate world and train tokenizer',
    summary: '{{people}} people, {{documents}} biographies ({{bytes}} bytes); tokenizer of {{vocab}} tokens',
    merges: 'Whole words that became one token, in the order BPE learned them:',
  },
  run: {
    title: '2. Pretrain',
    preset: 'Preset',
    steps: 'Steps (empty: the preset’s)',
    start: 'Start pretraining',
    cancel: 'Cancel',
    needWorld: 'Generate a world first.',
    setup: '{{parameters}} parameters, vocabulary {{vocab}}, {{windows}} windows of {{length}} tokens, on {{backend}}',
    step: 'Step {{step}} / {{total}} · loss {{loss}} · perplexity {{ppl}} · {{speed}} tokens/s',
    chart: 'Training loss',
    checkpoint: 'Checkpoint at step {{step}} (sample loss {{loss}})',
    done: 'Saved {{path}}: loss {{from}} → {{to}} in {{seconds}} s',
    probes: '“<Name> was born in …” completed right for {{correct}} of {{evaluated}} prompts',
    failed: 'Pretraining stopped: {{message}}',
  },
};

export type PretrainingStrings = typeof enPretraining;
