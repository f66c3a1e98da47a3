import type { SuiteItem } from '../../shared/contract/hallucination.ts';

/**
 * The "I don't know" a model should learn for questions it cannot answer reliably: honest about *why* (no
 * record of it, no live data, private information), never a flat refusal to help. Items that bring their own
 * `response` for refuse/premise/clarify behaviour use that instead.
 */
const byCategory: Readonly<Record<string, { en: string; zh: string }>> = {
  nonexistent_entity: {
    en: "I'm not aware of anything reliable about that, so I don't know. It may not exist, or it may be too obscure for me to know.",
    zh: '我没有关于这个的可靠信息，所以不知道。它可能并不存在，也可能是我不了解的内容。',
  },
  time_sensitive: {
    en: "I don't have access to real-time information, so I can't answer that reliably. Please check a current source.",
    zh: '我无法获取实时信息，所以没办法可靠地回答这个问题，请查看最新的信息来源。',
  },
  private_data: {
    en: "I don't know that: it's personal information I have no access to unless you tell me.",
    zh: '我不知道，这是你的个人信息，除非你告诉我，否则我无从得知。',
  },
};

const generic = {
  en: "I'm sorry, I don't know the answer to that, and I'd rather not guess.",
  zh: '对不起，我不清楚这个问题的答案，不想随便猜测。',
};

export function calibratedRefusal(item: SuiteItem): string {
  if (item.expected !== 'answer' && item.response) return item.response;
  return (byCategory[item.category] ?? generic)[item.lang];
}

/** What a model that knows the item should say: the ideal reply, or the first reference answer. */
export function referenceReply(item: SuiteItem): string | null {
  return item.response ?? item.references[0]?.answer ?? null;
}
