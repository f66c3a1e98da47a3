import type { DatasetMessage, PreviewResult } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { ChatMessage, EncodeResult, RenderOptions, RenderResult, TemplateRef, TokenizerRef } from '../../shared/contract/tokenizer.ts';
import type { CallContext, HandlerRegistry } from '../handlerRegistry.ts';
import type { DatasetStore } from './datasetStore.ts';
import { capitalized, rowName } from './rowName.ts';

export interface PreviewRequest {
  readonly datasetId: string;
  readonly rowId: number;
  readonly template: TemplateRef;
  readonly tokenizer: TokenizerRef;
  readonly options: RenderOptions;
}

/**
 * A row through the tokenizer area's chat-template renderer (called through the contract, so the preview is
 * exactly what the tokenizer lab and training compute). In a preference pair only the answers train: the prompt's
 * own assistant turns get weight 0.
 */
export async function previewRow(store: DatasetStore, registry: HandlerRegistry, request: PreviewRequest, context: CallContext): Promise<PreviewResult> {
  const view = store.row(request.datasetId, request.rowId);
  if (!view.row) {
    const codes = [...new Set(view.problems.map((problem) => problem.code))].join(', ');
    throw new WorkbenchError('bad_input', `${capitalized(rowName(view.position, view.line))} has problems (${codes}); fix it to preview it`, { field: 'rowId', rowId: request.rowId }, reason('dataset_row_has_problems', { row: view.position, problemCount: view.problems.length }));
  }
  const row = view.row;
  // The tools a conversation may call reach the template as transformers passes them: the `tools` variable.
  const tools = row.kind === 'conversation' || row.kind === 'kto' ? row.tools : undefined;
  const options = tools ? { ...request.options, variables: { ...request.options.variables, tools } } : request.options;
  const render = async (messages: readonly DatasetMessage[]): Promise<RenderResult> =>
    (await registry.dispatch('tokenizer.renderTemplate', { messages: messages.map(chatMessage), template: request.template, tokenizer: request.tokenizer, options }, context)) as RenderResult;
  switch (row.kind) {
    case 'text':
      return {
        kind: 'text',
        encode: (await registry.dispatch('tokenizer.encode', { tokenizer: request.tokenizer, text: row.text, specialTokens: 'text' }, context)) as EncodeResult,
      };
    case 'conversation':
    case 'kto':
      return { kind: 'conversation', render: await render(row.messages) };
    case 'preference': {
      const prompt = row.prompt.map((message) => ({ ...message, weight: 0 }));
      const [chosen, rejected] = await Promise.all([render([...prompt, ...row.chosen]), render([...prompt, ...row.rejected])]);
      return { kind: 'preference', chosen, rejected };
    }
  }
}

/** What a chat template renders of a stored turn (the Alpaca input it remembers is already in the content). */
const chatMessage = (message: DatasetMessage): ChatMessage => ({
  role: message.role,
  content: message.content,
  ...(message.weight === undefined ? {} : { weight: message.weight }),
  ...(message.toolCalls ? { toolCalls: message.toolCalls } : {}),
});
