import type { CanonicalRow, DatasetMessage, MeasuredHow } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { modelTokenizerInfoSchema, type TokenizerDescription, type TokenizerRef } from '../../shared/contract/tokenizer.ts';
import type { EngineServices } from '../engineServices.ts';
import { resolveModelPath } from '../models/resolveModelPath.ts';
import { tiktokenCatalog } from '../tokenizer/tiktokenCatalog.ts';
import { withTiktoken } from '../tokenizer/tiktokenEncoders.ts';
import type { HostTokenCounts } from '../inference/inferenceHostContract.ts';
import { compileChatTemplate } from '../templates/chatTemplate.ts';
import { rowConversations } from './rowTexts.ts';
import type { RowTokenCounter } from './validateRows.ts';

/** A tokenizer ready to measure rows, with what it knows about context length. */
export interface RowMeasure {
  readonly counter: RowTokenCounter;
  readonly description: TokenizerDescription;
  /** The model's training context; null for tiktoken encodings (no model, so no context). */
  readonly contextLength: number | null;
  readonly measuredAs: string;
  readonly measuredHow: MeasuredHow;
  /** Identifies the tokenizer in import keys. */
  readonly key: string;
}

/**
 * OpenAI's chat format costs about 3 tokens per message plus 3 to prime the reply (their cookbook's count);
 * without a chat template that is the fairest estimate of what a conversation costs.
 */
const perMessage = 3;
const perReply = 3;

export async function rowMeasure(services: EngineServices, ref: TokenizerRef): Promise<RowMeasure> {
  if (ref.kind === 'tiktoken') {
    const name = ref.encoding;
    // Function calls and tool schemas count as their JSON text, as OpenAI bills them.
    const conversation = (messages: readonly DatasetMessage[], encode: (text: string) => number): number =>
      messages.reduce((sum, message) => sum + encode(message.content) + (message.toolCalls ? encode(JSON.stringify(message.toolCalls)) : 0) + perMessage, perReply);
    const countRow = (row: CanonicalRow, encode: (text: string) => number): number => {
      if (row.kind === 'text') return encode(row.text);
      const tools = row.kind !== 'preference' && row.tools ? encode(JSON.stringify(row.tools)) : 0;
      return tools + Math.max(...rowConversations(row).map((messages) => conversation(messages, encode)));
    };
    return {
      counter: {
        name,
        count: async (rows) => withTiktoken(name, (encoder) => rows.map((row) => countRow(row, (text) => encoder.encode_ordinary(text).length))),
      },
      description: { kind: 'tiktoken', name, modelPath: null, algorithm: 'tiktoken', vocabSize: tiktokenCatalog[name].vocabSize },
      contextLength: null,
      measuredAs: `${name} tokens of each turn's content plus ${perMessage} per message and ${perReply} per reply (OpenAI's chat overhead)`,
      measuredHow: { key: 'tiktoken_chat', params: { encoding: name, perMessage, perReply } },
      key: `tiktoken:${name}`,
    };
  }
  const modelPath = resolveModelPath(services.db, ref.model);
  const host = services.hosts.inference;
  const ask = async (rows: readonly CanonicalRow[]): Promise<HostTokenCounts> => await host.request('datasets.countTokens', { modelPath, rows: [...rows] });
  const [first, info] = await Promise.all([ask([]), host.request('tokenizer.modelInfo', { modelPath })]);
  const modelInfo = modelTokenizerInfoSchema.parse(info);
  return {
    counter: { name: first.name, count: async (rows) => (rows.length === 0 ? [] : (await ask(rows)).counts) },
    description: modelInfo.tokenizer,
    contextLength: first.contextLength > 0 ? first.contextLength : null,
    measuredAs: first.measuredAs,
    measuredHow: { key: compiles(modelInfo.chatTemplate) ? 'model_template' : 'model_joined', params: {} },
    key: `model:${modelPath}`,
  };
}

/** The context a check uses: the one given, else the model's own; a tiktoken encoding needs one given. */
export function contextLengthFor(measure: RowMeasure, given: number | undefined): number {
  const length = given ?? measure.contextLength;
  if (length === null) {
    const why = measure.description.kind === 'model' ? 'does not record its context length' : 'is an encoding, not a model';
    throw new WorkbenchError('bad_input', `${measure.description.name} ${why}: give a context length to check rows against`, { field: 'contextLength' }, reason('context_length_needed', { name: measure.description.name }));
  }
  return length;
}

/** Whether the host counts through the model's chat template: it does when the template compiles (datasetsHostHandlers). */
function compiles(template: string | null): boolean {
  if (template === null || template.trim() === '') return false;
  try {
    compileChatTemplate(template, 'model chat template');
    return true;
  } catch {
    return false;
  }
}
