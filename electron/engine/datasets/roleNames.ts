import type { CanonicalRole, TagMapping } from '../../shared/contract/datasets.ts';

/**
 * Role spellings across formats: ShareGPT's human/gpt/observation/function_call, Gemma's "model", OpenAI's legacy
 * "function". A function call is the assistant speaking; a function's output is a tool turn.
 */
const knownRoles: Readonly<Record<string, CanonicalRole>> = {
  system: 'system',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  gpt: 'assistant',
  model: 'assistant',
  bot: 'assistant',
  chatgpt: 'assistant',
  function_call: 'assistant',
  tool: 'tool',
  function: 'tool',
  observation: 'tool',
  ipython: 'tool',
};

export type RoleResolver = (name: string) => CanonicalRole | null;

/** Explicit tags and role maps win; otherwise the usual spellings, in any letter case. */
export function roleResolver(tags: TagMapping = {}, roles: Readonly<Record<string, CanonicalRole>> = {}): RoleResolver {
  const exact = new Map<string, CanonicalRole>();
  const fromTags: [string | undefined, CanonicalRole][] = [
    [tags.system_tag, 'system'],
    [tags.user_tag, 'user'],
    [tags.assistant_tag, 'assistant'],
    [tags.function_tag, 'assistant'],
    [tags.observation_tag, 'tool'],
  ];
  for (const [name, role] of fromTags) if (name !== undefined) exact.set(name, role);
  for (const [name, role] of Object.entries(roles)) exact.set(name, role);
  return (name) => exact.get(name) ?? knownRoles[name.trim().toLowerCase()] ?? null;
}

/** ShareGPT's spelling of each canonical role, for export. */
export const shareGptRoleNames: Readonly<Record<CanonicalRole, string>> = {
  system: 'system',
  user: 'human',
  assistant: 'gpt',
  tool: 'observation',
};
