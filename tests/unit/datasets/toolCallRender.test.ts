import { describe, expect, it } from 'vitest';
import { compileChatTemplate } from '../../../electron/engine/templates/chatTemplate.ts';
import { planTrainingRender } from '../../../electron/engine/templates/trainingRender.ts';
import { ExampleTokenizer } from '../../../electron/engine/training/run/tokenizeExamples.ts';
import type { TokenVocabulary } from '../../../electron/engine/training/run/tokenVocabulary.ts';
import type { DatasetMessage } from '../../../electron/shared/contract/datasets.ts';

/** ChatML with tools the way Qwen2.5's template writes them: schemas in the system turn, calls in <tool_call> blocks. */
const toolChatml = compileChatTemplate(
  [
    '{%- if tools %}',
    "{{- '<|im_start|>system\\n# Tools\\n<tools>' }}",
    '{%- for tool in tools %}{{- "\\n" + (tool | tojson) }}{%- endfor %}',
    "{{- '\\n</tools><|im_end|>\\n' }}",
    '{%- endif %}',
    '{%- for message in messages %}',
    "{%- if message.role == 'assistant' %}",
    "{{- '<|im_start|>assistant' }}",
    "{%- if message.content %}{{- '\\n' + message.content }}{%- endif %}",
    '{%- if message.tool_calls %}{%- for tool_call in message.tool_calls %}',
    '{%- if tool_call.function is defined %}{%- set tool_call = tool_call.function %}{%- endif %}',
    '{{- \'\\n<tool_call>\\n{"name": "\' + tool_call.name + \'", "arguments": \' + (tool_call.arguments | tojson) + \'}\\n</tool_call>\' }}',
    '{%- endfor %}{%- endif %}',
    "{{- '<|im_end|>\\n' }}",
    "{%- elif message.role == 'tool' %}",
    "{{- '<|im_start|>user\\n<tool_response>\\n' + message.content + '\\n</tool_response><|im_end|>\\n' }}",
    '{%- else %}',
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}",
    '{%- endif %}',
    '{%- endfor %}',
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}",
  ].join('\n'),
  'tool ChatML',
);
const plainChatml = compileChatTemplate(
  "{%- for message in messages %}{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}",
  'plain ChatML',
);

const tools = [{ name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
// Dataset messages (their roles are the dataset's); every one is also a ChatMessage the template renders.
const conversation: DatasetMessage[] = [
  { role: 'user', content: 'Weather in Oslo?' },
  { role: 'assistant', content: '', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] },
  { role: 'tool', content: '{"temp_c": -3}' },
  { role: 'assistant', content: 'It is -3 °C.' },
];
const trainedText = (plan: ReturnType<typeof planTrainingRender>): string[] =>
  plan.stretches.filter((stretch) => stretch.weight > 0).map((stretch) => plan.text.slice(stretch.start, stretch.end));

describe('tool conversations through chat templates', () => {
  it('render through a template that supports tools: schemas shown, the call trained as the assistant writes it', () => {
    const plan = planTrainingRender(toolChatml, conversation, { variables: { tools } });
    expect(plan.text).toContain('<tools>\n{"name": "get_weather"');
    expect(plan.text).toContain('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call><|im_end|>');
    // Training starts where the generation prompt (`<|im_start|>assistant\n`) ends, as for a text answer.
    expect(trainedText(plan)).toEqual(['<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call><|im_end|>', 'It is -3 °C.<|im_end|>']);
    expect(plan.warnings).toEqual([]);
  });

  it('are refused by a template that drops the calls or the tools, with the reason', () => {
    expect(() => planTrainingRender(plainChatml, conversation, { variables: { tools } })).toThrow(/plain ChatML does not render function calls: message 2 calls "get_weather".*Qwen2\.5 and Llama 3\.1/);
    const noCalls = conversation.filter((message) => !message.toolCalls);
    expect(() => planTrainingRender(plainChatml, noCalls, { variables: { tools } })).toThrow(/plain ChatML does not render the tools/);
  });

  it('train with their tool schemas: a training row renders the tools the row carries', () => {
    // One token per character: enough to see what the trainer renders and masks.
    const vocabulary: TokenVocabulary = {
      tokenize: (text) => Int32Array.from([...text].map((character) => character.codePointAt(0) as number)),
      detokenize: (tokens) => String.fromCodePoint(...tokens),
      bosToken: null,
      eosToken: null,
    };
    const tokenizer = new ExampleTokenizer(vocabulary, toolChatml.source, 100_000);
    const text = (sequence: { tokens: Int32Array }): string => String.fromCodePoint(...sequence.tokens);
    const set = tokenizer.tokenizeAll([{ rowId: 1, kind: 'conversation', messages: conversation, tools }], 'train');
    expect(text(set.sequences[0] as { tokens: Int32Array })).toContain('<tools>\n{"name": "get_weather"');
    expect(text(set.sequences[0] as { tokens: Int32Array })).toContain('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}');
  });
});
