import type { ColumnMapping, DatasetFormat, TagMapping } from '../../shared/contract/datasets.ts';
import type { RowPlan } from './rowConversion.ts';

const defaultColumns: Readonly<Record<DatasetFormat, ColumnMapping>> = {
  alpaca: { prompt: 'instruction', query: 'input', response: 'output', system: 'system', history: 'history', chosen: 'chosen', rejected: 'rejected' },
  sharegpt: { messages: 'conversations', system: 'system', chosen: 'chosen', rejected: 'rejected' },
  openai: { messages: 'messages', system: 'system' },
  text: { text: 'text' },
  'trl-standard': { prompt: 'prompt', chosen: 'chosen', rejected: 'rejected' },
  'trl-conversational': { prompt: 'prompt', chosen: 'chosen', rejected: 'rejected' },
  'trl-implicit': { chosen: 'chosen', rejected: 'rejected' },
};

/** LLaMA-Factory's default tags; spelling them out reads a file no differently. */
const defaultTags: TagMapping = {
  role_tag: 'from',
  content_tag: 'value',
  user_tag: 'human',
  assistant_tag: 'gpt',
  observation_tag: 'observation',
  function_tag: 'function_call',
  system_tag: 'system',
};

/**
 * The plan without settings that only repeat the defaults, so a dataset_info.json that spells out
 * {"prompt": "instruction"} reads the same file the same way as plain detection (and finds it already imported).
 */
export function withoutDefaults(plan: RowPlan): RowPlan {
  const columns = Object.fromEntries(Object.entries(plan.columns).filter(([key, value]) => defaultColumns[plan.format][key as keyof ColumnMapping] !== value));
  const tags = Object.fromEntries(Object.entries(plan.tags).filter(([key, value]) => defaultTags[key as keyof TagMapping] !== value));
  return { ...plan, columns, tags };
}
