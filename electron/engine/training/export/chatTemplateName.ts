import { metadataString } from '../../gguf/ggufReader.ts';
import type { GgufMetadata } from '../../gguf/ggufValues.ts';

/**
 * LLaMA-Factory renders conversations with its own named templates, not the GGUF's Jinja text: recognize the
 * family from the markers each template writes (null when none matches, and the bundle says to set it by hand).
 */
export function llamaFactoryTemplateFor(metadata: GgufMetadata): string | null {
  const template = metadataString(metadata, 'tokenizer.chat_template') ?? '';
  const architecture = metadataString(metadata, 'general.architecture') ?? '';
  if (template.includes('<|start_header_id|>')) return 'llama3';
  if (template.includes('<|im_start|>')) return architecture.startsWith('qwen3') ? 'qwen3' : architecture.startsWith('qwen') ? 'qwen' : 'chatml';
  if (template.includes('<start_of_turn>')) return architecture === 'gemma3' ? 'gemma3' : 'gemma';
  if (template.includes('[INST]')) return template.includes('<<SYS>>') ? 'llama2' : 'mistral';
  if (template.includes('<|user|>') && template.includes('<|end|>')) return 'phi';
  return null;
}
