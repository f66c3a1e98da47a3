import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';

/** Words that mark a fine-tune rather than a family: "Qwen2.5-0.5B-Instruct" and "Qwen2.5-0.5B" are one family. */
const tuneWords = /\b(chat|instruct|instruction|it|base|sft|dpo|rlhf|hf|gguf|assistant)\b/g;
const quantization = /\b(q\d(_[a-z0-9]+)*|iq\d\w*|f16|f32|bf16|fp16)\b/g;

/** The family a model belongs to, from its name: lower case, no tune words, no quantization suffix. */
export function modelFamily(model: Pick<ModelEntry, 'name' | 'fileName'>): string {
  return `${model.name} ${model.fileName}`
    .toLowerCase()
    .replace(/\.gguf\b/g, ' ')
    .replace(/[_\-.]+/g, ' ')
    .replace(quantization, ' ')
    .replace(tuneWords, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .slice(0, 3)
    .join(' ');
}

/**
 * A base and a chat model that belong together: same family name, else same architecture and size, else any base
 * and any chat model. Null when the library lacks either kind.
 */
export function pickBaseChatPair(models: readonly ModelEntry[]): { base: ModelEntry; chat: ModelEntry } | null {
  const usable = models.filter((model) => model.exists);
  const bases = usable.filter((model) => model.kind === 'base');
  const chats = usable.filter((model) => model.kind === 'chat');
  if (bases.length === 0 || chats.length === 0) return null;
  const tests: ((base: ModelEntry, chat: ModelEntry) => boolean)[] = [
    (base, chat) => modelFamily(base) === modelFamily(chat) && base.architecture === chat.architecture,
    (base, chat) => modelFamily(base) === modelFamily(chat),
    (base, chat) => base.architecture !== null && base.architecture === chat.architecture && base.parameterCount === chat.parameterCount,
    () => true,
  ];
  for (const test of tests) {
    for (const base of bases) {
      const chat = chats.find((candidate) => test(base, candidate));
      if (chat) return { base, chat };
    }
  }
  return null;
}
