import { describe, expect, it } from 'vitest';
import { llamaFactoryTemplateFor } from '../../../electron/engine/training/export/chatTemplateName.ts';
import { gguf, type GgufValue } from '../../../electron/engine/gguf/ggufValues.ts';
import { llamaFactoryTemplateNames } from './upstreamFieldNames.ts';

const model = (architecture: string, template: string) =>
  new Map<string, GgufValue>([
    ['general.architecture', gguf.string(architecture)],
    ['tokenizer.chat_template', gguf.string(template)],
  ]);

describe('the LLaMA-Factory template for a GGUF chat template', () => {
  it('recognizes each family by the markers it writes, naming a registered template', () => {
    const cases: [string, string, string][] = [
      ['llama', "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>' }}", 'llama3'],
      ['qwen2', "{{ '<|im_start|>' + message.role }}", 'qwen'],
      ['qwen3', "{{ '<|im_start|>' + message.role }}", 'qwen3'],
      ['llama', "{{ '<|im_start|>' + message.role }}", 'chatml'],
      ['gemma2', "{{ '<start_of_turn>' + role }}", 'gemma'],
      ['gemma3', "{{ '<start_of_turn>' + role }}", 'gemma3'],
      ['llama', "{{ '[INST] <<SYS>>' }}", 'llama2'],
      ['llama', "{{ '[INST] ' + content + ' [/INST]' }}", 'mistral'],
      ['phi3', "{{ '<|user|>' + content + '<|end|>' }}", 'phi'],
    ];
    for (const [architecture, template, expected] of cases) {
      const name = llamaFactoryTemplateFor(model(architecture, template));
      expect(name, `${architecture}: ${template}`).toBe(expected);
      expect(llamaFactoryTemplateNames).toContain(name);
    }
  });

  it('gives null for a template it does not know (the bundle then asks the user to set it)', () => {
    expect(llamaFactoryTemplateFor(model('llama', '{{ messages }}'))).toBeNull();
    expect(llamaFactoryTemplateFor(new Map())).toBeNull();
  });
});
