import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import {
  modelTokenizerInfoSchema,
  renderResultSchema,
  tiktokenEncodingNames,
  type EncodeResult,
  type ModelTokenizerInfo,
  type RenderOptions,
  type RenderResult,
  type TemplateRef,
} from '../../shared/contract/tokenizer.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { encodeWithTiktoken } from './encodeWithTiktoken.ts';
import type { RenderedTemplateInfo } from './renderResult.ts';
import { renderWithTiktoken } from './renderWithTiktoken.ts';
import { resolveModelPath } from '../models/resolveModelPath.ts';
import { SavedTemplateStore } from './savedTemplateStore.ts';
import { specialTokensOf, tiktokenCatalog } from './tiktokenCatalog.ts';

export function registerTokenizerHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const templates = new SavedTemplateStore(services.db);
  const host = services.hosts.inference;
  const modelInfo = async (modelPath: string): Promise<ModelTokenizerInfo> =>
    modelTokenizerInfoSchema.parse(await host.request('tokenizer.modelInfo', { modelPath }));

  registry.handle('tokenizer.encodings', () =>
    tiktokenEncodingNames.map((name) => ({
      name,
      usedBy: tiktokenCatalog[name].usedBy,
      vocabSize: tiktokenCatalog[name].vocabSize,
      specialTokens: specialTokensOf(name),
    })),
  );

  registry.handle('tokenizer.encode', async ({ tokenizer, text, specialTokens }): Promise<EncodeResult> => {
    if (tokenizer.kind === 'tiktoken') return encodeWithTiktoken(tokenizer.encoding, text, specialTokens);
    const modelPath = resolveModelPath(services.db, tokenizer.model);
    // Not parsed again here: a megabyte of text is half a million tokens, and the router checks outputs in
    // development and tests already.
    return await host.request('tokenizer.modelEncode', { modelPath, text, specialTokens });
  });

  registry.handle('tokenizer.modelInfo', async ({ model }) => await modelInfo(resolveModelPath(services.db, model)));

  registry.handle('tokenizer.renderTemplate', async ({ messages, template, tokenizer, options }): Promise<RenderResult> => {
    const tokenizerPath = tokenizer.kind === 'model' ? resolveModelPath(services.db, tokenizer.model) : null;
    const resolved = await resolveTemplate(template, tokenizerPath, templates, (model) => modelInfo(resolveModelPath(services.db, model)));
    const withDefaults: RenderOptions = {
      ...options,
      bosToken: options.bosToken ?? resolved.bosToken ?? undefined,
      eosToken: options.eosToken ?? resolved.eosToken ?? undefined,
    };
    if (tokenizer.kind === 'tiktoken') return renderWithTiktoken(tokenizer.encoding, requireText(resolved), messages, withDefaults);
    const result = await host.request('tokenizer.modelRenderTemplate', {
      modelPath: tokenizerPath ?? resolveModelPath(services.db, tokenizer.model),
      template: resolved.info,
      messages,
      options: withDefaults,
    });
    return renderResultSchema.parse(result);
  });

  registry.handle('tokenizer.listTemplates', () => templates.list());
  registry.handle('tokenizer.saveTemplate', (input) => templates.save(input));
  registry.handle('tokenizer.deleteTemplate', ({ id }) => ({ deleted: templates.delete(id) }));
}

interface ResolvedTemplate {
  /** null: the tokenizer's own model template, read in the host together with its vocabulary. */
  readonly info: RenderedTemplateInfo | null;
  readonly bosToken: string | null;
  readonly eosToken: string | null;
}

async function resolveTemplate(
  template: TemplateRef,
  tokenizerPath: string | null,
  store: SavedTemplateStore,
  modelInfo: (model: string) => Promise<ModelTokenizerInfo>,
): Promise<ResolvedTemplate> {
  switch (template.kind) {
    case 'custom':
      return { info: { source: 'custom', name: template.name ?? 'custom template', text: template.text }, bosToken: null, eosToken: null };
    case 'saved': {
      const saved = store.get(template.id);
      return { info: { source: 'saved', name: saved.name, text: saved.text }, bosToken: null, eosToken: null };
    }
    case 'model': {
      const info = await modelInfo(template.model);
      if (tokenizerPath !== null && info.tokenizer.modelPath === tokenizerPath) return { info: null, bosToken: null, eosToken: null };
      if (info.chatTemplate === null) {
        throw new WorkbenchError('not_found', `${info.tokenizer.modelPath ?? template.model} has no tokenizer.chat_template; enter a custom template`, {
          field: 'template.model',
          file: info.tokenizer.modelPath,
        }, reason('chat_template_missing_enter_custom', { model: info.tokenizer.modelPath ?? template.model }));
      }
      return {
        info: { source: 'model', name: `${info.tokenizer.name} chat template`, text: info.chatTemplate },
        bosToken: info.bosToken,
        eosToken: info.eosToken,
      };
    }
  }
}

function requireText(resolved: ResolvedTemplate): RenderedTemplateInfo {
  if (!resolved.info) throw new WorkbenchError('internal', 'A model template must be resolved before rendering with tiktoken');
  return resolved.info;
}
