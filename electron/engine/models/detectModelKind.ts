import type { ModelKind } from '../../shared/contract/models.ts';

export interface KindEvidence {
  readonly fileName: string;
  /** general.name, general.finetune, general.basename … whatever the GGUF states. */
  readonly names: readonly (string | null | undefined)[];
  readonly hasChatTemplate: boolean;
}

/**
 * Hints are codes the UI translates: `name-chat:<word>`, `name-base:<word>`, `chat-template`, `no-chat-template`.
 * The name wins over the template because many base GGUFs (Qwen2.5 base, for one) ship a chat template too.
 */
export interface DetectedKind {
  readonly kind: ModelKind;
  readonly hints: string[];
}

const chatWords = ['instruct', 'chat', 'it', 'sft', 'dpo', 'rlhf', 'assistant', 'hermes', 'orpo'];
const baseWords = ['base', 'pretrained', 'pt'];

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\.gguf$/, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function detectModelKind(evidence: KindEvidence): DetectedKind {
  const all = [evidence.fileName, ...evidence.names.filter((name): name is string => typeof name === 'string')].flatMap(words);
  const chatWord = chatWords.find((word) => all.includes(word));
  const baseWord = baseWords.find((word) => all.includes(word));
  const hints: string[] = [];
  if (chatWord) hints.push(`name-chat:${chatWord}`);
  if (baseWord) hints.push(`name-base:${baseWord}`);
  hints.push(evidence.hasChatTemplate ? 'chat-template' : 'no-chat-template');
  if (chatWord) return { kind: 'chat', hints };
  if (baseWord) return { kind: 'base', hints };
  return { kind: evidence.hasChatTemplate ? 'chat' : 'base', hints };
}
