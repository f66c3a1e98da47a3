/**
 * Dataset work inside the inference host, where a model's own tokenizer lives: token counts of many rows per
 * request, each conversation rendered through the model's chat template (what training would see).
 */
import { basename } from 'node:path';
import type { LlamaModel, Token } from 'node-llama-cpp';
import type { CanonicalRow, DatasetMessage } from '../../shared/contract/datasets.ts';
import type { HostHandlers } from '../hosts/hostContract.ts';
import type { InferenceHostContract } from '../inference/inferenceHostContract.ts';
import { compileChatTemplate, renderChatTemplate, type CompiledChatTemplate } from '../templates/chatTemplate.ts';
import { leadingBosOfModel, withLeadingBos } from '../templates/leadingBos.ts';
import { templateMessage } from '../templates/trainingRender.ts';
import { vocabOnlyModel } from '../tokenizer/vocabOnlyModels.ts';
import { rowConversations } from './rowTexts.ts';

interface PreparedModel {
  readonly model: LlamaModel;
  readonly template: CompiledChatTemplate | null;
  readonly bos: string;
  readonly eos: string;
}

const prepared = new WeakMap<LlamaModel, PreparedModel>();

function prepare(model: LlamaModel): PreparedModel {
  let entry = prepared.get(model);
  if (entry) return entry;
  const metadata = model.fileInfo.metadata as { tokenizer?: { chat_template?: unknown } };
  const source = metadata.tokenizer?.chat_template;
  let template: CompiledChatTemplate | null = null;
  if (typeof source === 'string' && source.trim() !== '') {
    try {
      template = compileChatTemplate(source, 'model chat template');
    } catch {
      template = null; // counted on the plain text instead; the preview shows the template error
    }
  }
  const spell = (id: Token | null): string => (id === null ? '' : model.detokenize([id], true));
  entry = { model, template, bos: spell(model.tokens.bos), eos: spell(model.tokens.eos) };
  prepared.set(model, entry);
  return entry;
}

function conversationTokens(entry: PreparedModel, messages: readonly DatasetMessage[], tools: readonly Record<string, unknown>[] | undefined): number {
  if (entry.template) {
    try {
      const text = renderChatTemplate(entry.template, {
        // Function calls and the tool schemas are rendered as training renders them: they take room in the context.
        ...(tools ? { tools } : {}),
        messages: messages.map(({ role, content, toolCalls }) => templateMessage(toolCalls ? { role, content, toolCalls } : { role, content })),
        bos_token: entry.bos,
        eos_token: entry.eos,
        add_generation_prompt: false,
      });
      return trainedLength(entry, entry.model.tokenize(text, true));
    } catch {
      // A template that refuses this conversation (e.g. no system role): count the plain contents.
    }
  }
  return trainedLength(entry, entry.model.tokenize(plainText(messages, tools), false));
}

/** A row's length as training feeds it: with the BOS the trainer and inference put in front (templates/leadingBos.ts). */
function trainedLength(entry: PreparedModel, tokens: readonly Token[]): number {
  return withLeadingBos(tokens, leadingBosOfModel(entry.model)).length;
}

/** Turn contents, function calls and tool schemas as plain text: the count when no template renders the row. */
function plainText(messages: readonly DatasetMessage[], tools: readonly Record<string, unknown>[] | undefined): string {
  const turns = messages.map((message) => (message.toolCalls ? [message.content, JSON.stringify(message.toolCalls)].filter(Boolean).join('\n') : message.content));
  return (tools ? [JSON.stringify(tools), ...turns] : turns).join('\n');
}

export function countRowTokens(entry: PreparedModel, row: CanonicalRow): number {
  if (row.kind === 'text') return trainedLength(entry, entry.model.tokenize(row.text, false));
  const tools = row.kind === 'preference' ? undefined : row.tools;
  return Math.max(...rowConversations(row).map((messages) => conversationTokens(entry, messages, tools)));
}

/** A vocabulary-only model has no hyperparameters loaded, so the GGUF metadata is asked as well. */
function trainedContext(model: LlamaModel): number {
  if (model.trainContextSize > 0) return model.trainContextSize;
  const metadata = model.fileInfo.metadata as { general?: { architecture?: unknown } } & Record<string, unknown>;
  const architecture = metadata.general?.architecture;
  const section = typeof architecture === 'string' ? (metadata[architecture] as { context_length?: unknown } | undefined) : undefined;
  return typeof section?.context_length === 'number' ? section.context_length : 0;
}

export const datasetsHostHandlers: HostHandlers<Pick<InferenceHostContract, 'datasets.countTokens'>> = {
  'datasets.countTokens': async (params) => {
    const entry = prepare(await vocabOnlyModel(params.modelPath));
    return {
      counts: params.rows.map((row) => countRowTokens(entry, row)),
      contextLength: trainedContext(entry.model),
      name: basename(params.modelPath),
      measuredAs: entry.template ? "tokens of each row rendered through the model's chat template" : 'tokens of the turn contents joined by newlines (the model has no chat template)',
    };
  },
};
