import type { ChatMessage } from '../../../../electron/shared/contract/tokenizer.ts';

/**
 * Starting points for a custom template, written in the styles GGUF files ship (ChatML as in Qwen 2.5,
 * Llama 3 header tokens, Gemma turns). Users edit and save their own from here.
 */
export const templatePresets: readonly { readonly id: string; readonly label: string; readonly text: string }[] = [
  {
    id: 'chatml',
    label: 'ChatML (Qwen, Yi…)',
    text: [
      '{%- for message in messages %}',
      "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}",
      '{%- endfor %}',
      '{%- if add_generation_prompt %}',
      "{{- '<|im_start|>assistant\\n' }}",
      '{%- endif %}',
    ].join('\n'),
  },
  {
    id: 'llama3',
    label: 'Llama 3',
    text: [
      '{{- bos_token }}',
      '{%- for message in messages %}',
      "{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}",
      '{%- endfor %}',
      '{%- if add_generation_prompt %}',
      "{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}",
      '{%- endif %}',
    ].join('\n'),
  },
  {
    id: 'gemma',
    label: 'Gemma',
    text: [
      '{{- bos_token }}',
      '{%- for message in messages %}',
      "{%- set role = 'model' if message['role'] == 'assistant' else message['role'] %}",
      "{{- '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}",
      '{%- endfor %}',
      '{%- if add_generation_prompt %}',
      "{{- '<start_of_turn>model\\n' }}",
      '{%- endif %}',
    ].join('\n'),
  },
];

/** The lecture's example conversation (shared/seeds): a system prompt, a poem line, its continuation. */
export const sampleConversation: ChatMessage[] = [
  { role: 'system', content: '你是一个AI助手' },
  { role: 'user', content: '锄禾日当午' },
  { role: 'assistant', content: '汗滴禾下土。《悯农二首》是唐代诗人李绅的组诗作品。' },
];
