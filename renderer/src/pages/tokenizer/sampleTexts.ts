/** Sample inputs for the lab (content, not interface text: they stay the same in both languages). */
export const sampleTexts = {
  english: 'hello world! Tokenizers split text into pieces a model can count: 9.9 vs 9.11, strawberry, internationalization.',
  chinese: '锄禾日当午，汗滴禾下土。大语言模型是如何炼成的？韬光养晦。',
  mixed: 'GPT-4 把 hello 编成一个 token（15339），“你”也是一个 token，而“韬”要拆成三个字节 token。',
  special: '<|im_start|>system\n你是一个AI助手<|im_end|>\n<|im_start|>user\n锄禾日当午<|im_end|>\n<|im_start|>assistant\n',
} as const;

export type SampleName = keyof typeof sampleTexts;
