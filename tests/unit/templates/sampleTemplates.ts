/**
 * Chat templates in the styles real GGUFs ship, written for these tests: ChatML (Qwen 2.5), Llama 3 (header
 * tokens, trimmed content, bos), a Qwen3-like one that moves reasoning into a think block and can put an empty
 * think block in the generation prompt, and Mistral-like [INST] turns that refuse non-alternating roles.
 */
export const chatmlTemplate =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export const llama3Template = [
  '{{- bos_token }}',
  '{%- for message in messages %}',
  "{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}",
  '{%- endfor %}',
  '{%- if add_generation_prompt %}',
  "{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}",
  '{%- endif %}',
].join('\n');

export const qwenThinkingTemplate = [
  "{%- if messages[0].role != 'system' %}",
  "{{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}",
  '{%- endif %}',
  '{%- for message in messages %}',
  "{%- if message.role == 'assistant' %}",
  '{%- set content = message.content %}',
  "{%- set reasoning = '' %}",
  "{%- if '</think>' in content %}",
  "{%- set reasoning = content.split('</think>')[0].split('<think>')[-1].strip('\\n') %}",
  "{%- set content = content.split('</think>')[-1].lstrip('\\n') %}",
  '{%- endif %}',
  '{%- if loop.last %}',
  "{{- '<|im_start|>assistant\\n<think>\\n' + reasoning + '\\n</think>\\n\\n' + content + '<|im_end|>\\n' }}",
  '{%- else %}',
  "{{- '<|im_start|>assistant\\n' + content + '<|im_end|>\\n' }}",
  '{%- endif %}',
  '{%- else %}',
  "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}",
  '{%- endif %}',
  '{%- endfor %}',
  '{%- if add_generation_prompt %}',
  "{{- '<|im_start|>assistant\\n' }}",
  '{%- if enable_thinking is defined and enable_thinking is false %}',
  "{{- '<think>\\n\\n</think>\\n\\n' }}",
  '{%- endif %}',
  '{%- endif %}',
].join('\n');

export const mistralTemplate = [
  '{{- bos_token }}',
  '{%- for message in messages %}',
  "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}",
  "{{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}",
  '{%- endif %}',
  "{%- if message['role'] == 'user' %}",
  "{{- '[INST] ' + message['content'] + ' [/INST]' }}",
  '{%- else %}',
  "{{- ' ' + message['content'] + eos_token }}",
  '{%- endif %}',
  '{%- endfor %}',
].join('\n');
