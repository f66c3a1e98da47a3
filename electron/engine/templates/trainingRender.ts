/**
 * Renders a conversation through a chat template and works out which tokens supervised fine-tuning trains on.
 * The trainer, dataset previews and the tokenizer lab all call this module, so what a user sees is what trains.
 * It knows nothing about llama.cpp: the tokenizer is injected.
 */
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { ChatMessage, RenderedMessage, RenderSegment, RenderWarning } from '../../shared/contract/tokenizer.ts';
import { alignRenderedContent, commonPrefixLength, findMarkers, type ContentRegion } from './alignRenderedContent.ts';
import { renderChatTemplate, type CompiledChatTemplate } from './chatTemplate.ts';
import { endOfTurnCandidates } from './endOfTurnTokens.ts';
import { contextChars } from './tokenizeInContext.ts';

export interface TokenizeOptions {
  /** Turn special-token spellings (`<|im_start|>`) into their ids, as inference does with a rendered prompt. */
  readonly special: boolean;
  /**
   * Up to `contextChars` of the text just before this stretch ('' at the start). Tokenizers whose output depends
   * on what precedes (SentencePiece's leading space) use it with `tokenizeInContext`.
   */
  readonly preceding: string;
}
export type TokenizeFunction = (text: string, options: TokenizeOptions) => readonly number[];

export interface TrainingRenderOptions {
  readonly bosToken?: string;
  readonly eosToken?: string;
  readonly addGenerationPrompt?: boolean;
  /** Extra template variables (`enable_thinking`, `date_string`...). */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Spellings that end a turn (the model's EOS/EOT); common ones are always recognised. */
  readonly endOfTurnTokens?: readonly string[];
  readonly now?: Date;
}

/** The rendered text and the trained stretches, before tokenization (for callers with an async tokenizer). */
export interface TrainingPlan {
  readonly text: string;
  readonly messages: RenderedMessage[];
  /** Consecutive stretches covering the text; `weight` 0 = not trained. */
  readonly stretches: readonly { start: number; end: number; weight: number; messageIndex: number | null }[];
  readonly warnings: RenderWarning[];
}

export interface TrainingRender {
  readonly text: string;
  readonly messages: RenderedMessage[];
  readonly segments: RenderSegment[];
  readonly tokens: number[];
  /** Per-token weight, 0 = not trained. */
  readonly mask: number[];
  readonly trainedTokens: number;
  readonly warnings: RenderWarning[];
}

/** Assistant turns train by default; any turn can set `weight` (0 = not trained). */
export const messageWeight = (message: ChatMessage): number => message.weight ?? (message.role === 'assistant' ? 1 : 0);

export function renderTrainingExample(
  template: CompiledChatTemplate,
  messages: readonly ChatMessage[],
  tokenize: TokenizeFunction,
  options: TrainingRenderOptions = {},
): TrainingRender {
  return tokenizeTrainingPlan(planTrainingRender(template, messages, options), tokenize);
}

export function planTrainingRender(
  template: CompiledChatTemplate,
  messages: readonly ChatMessage[],
  options: TrainingRenderOptions = {},
): TrainingPlan {
  const now = options.now ?? new Date();
  const render = (rendered: readonly ChatMessage[], addGenerationPrompt: boolean): string =>
    renderChatTemplate(
      template,
      {
        ...options.variables,
        messages: rendered.map(templateMessage),
        bos_token: options.bosToken ?? '',
        eos_token: options.eosToken ?? '',
        add_generation_prompt: addGenerationPrompt,
      },
      { now },
    );

  const addGenerationPrompt = options.addGenerationPrompt ?? false;
  const text = render(messages, addGenerationPrompt);
  refuseIgnoredTools(template.name, text, messages, options.variables, (variables, rendered) =>
    renderChatTemplate(template, { ...variables, messages: rendered.map(templateMessage), bos_token: options.bosToken ?? '', eos_token: options.eosToken ?? '', add_generation_prompt: addGenerationPrompt }, { now }),
  );
  const nonce = pickNonce(template.source, messages);
  // A turn that only calls functions has no content to mark (templates skip empty content); its span is found below.
  const markerText = render(
    messages.map((message, index) => (callsOnly(message) ? message : { ...message, content: `⟦${nonce}:${index}⟧` })),
    addGenerationPrompt,
  );
  const markers = findMarkers(markerText, new RegExp(`⟦${nonce}:(\\d+)⟧`));
  const regions = alignRenderedContent(
    text,
    markerText,
    markers,
    messages.map((message) => message.content.length),
  );
  if (!regions) {
    throw new WorkbenchError(
      'unsupported',
      `${template.name}: could not tell where each message's content lands in the rendered text (the template's scaffolding changes with the content), so the train mask cannot be computed`,
      { template: template.name },
      reason('template_mask_unknown', { template: template.name }),
    );
  }

  const warnings: RenderWarning[] = [];
  const regionsByMessage = new Map<number, ContentRegion[]>();
  for (const region of regions) regionsByMessage.set(region.messageIndex, [...(regionsByMessage.get(region.messageIndex) ?? []), region]);
  messages.forEach((message, index) => {
    const count = regionsByMessage.get(index)?.length ?? 0;
    if (count === 0 && !callsOnly(message) && (message.content !== '' || messageWeight(message) > 0)) {
      warnings.push({
        code: 'message_not_rendered',
        message: `Message ${index + 1} (${message.role}) does not appear in the rendered text: the template dropped it${messageWeight(message) > 0 ? ', so it is not trained' : ''}.`,
        messageIndex: index,
        role: message.role,
        trained: messageWeight(message) > 0,
      });
    }
    if (count > 1) {
      warnings.push({
        code: 'message_rendered_twice',
        message: `Message ${index + 1} (${message.role}) appears ${count} times in the rendered text; every copy is trained.`,
        messageIndex: index,
        role: message.role,
        copies: count,
      });
    }
  });

  const endTokens = endOfTurnCandidates([...(options.endOfTurnTokens ?? []), options.eosToken]);
  const generationPrompt = (index: number): string | null => {
    try {
      const prompt = render(messages.slice(0, index), true);
      // A template that ignores add_generation_prompt tells us nothing about where the model's turn begins.
      return prompt === render(messages.slice(0, index), false) ? null : prompt;
    } catch {
      return null; // some templates refuse a conversation that ends with a user turn; the content start is used then
    }
  };
  const trained = [...trainedSpans(regions, messages, text, endTokens, warnings, generationPrompt), ...callOnlySpans(messages, text, endTokens, warnings, generationPrompt)].sort(
    (a, b) => a.start - b.start,
  );

  const renderedMessages: RenderedMessage[] = messages.map((message, index) => {
    const region = regionsByMessage.get(index)?.[0];
    const span = trained.find((candidate) => candidate.messageIndex === index);
    return {
      index,
      role: message.role,
      contentStart: region?.start ?? null,
      contentEnd: region?.end ?? null,
      trainedStart: span?.start ?? null,
      trainedEnd: span?.end ?? null,
      weight: messageWeight(message),
    };
  });
  return { text, messages: renderedMessages, stretches: stretchesOf(text.length, trained), warnings };
}

interface TrainedSpan {
  readonly messageIndex: number;
  readonly start: number;
  readonly end: number;
  readonly weight: number;
}

/**
 * An assistant turn trains from where the inference prompt ends (the end of the generation prompt, so text the
 * template adds in front of the content — an opening think tag — is trained too) through its end-of-turn token.
 */
function trainedSpans(
  regions: readonly ContentRegion[],
  messages: readonly ChatMessage[],
  text: string,
  endTokens: readonly string[],
  warnings: RenderWarning[],
  generationPrompt: (messageIndex: number) => string | null,
): TrainedSpan[] {
  const spans: TrainedSpan[] = [];
  let floor = 0;
  regions.forEach((region, order) => {
    const message = messages[region.messageIndex] as ChatMessage;
    const weight = messageWeight(message);
    const previousRegionEnd = order === 0 ? 0 : (regions[order - 1] as ContentRegion).end;
    if (weight <= 0) {
      floor = Math.max(floor, region.end);
      return;
    }
    let start = region.start;
    let end = region.end;
    if (message.role === 'assistant') {
      const prompt = generationPrompt(region.messageIndex);
      if (prompt !== null) {
        const promptEnd = commonPrefixLength(prompt, text);
        // Only trust the generation prompt when it ends inside this turn's own header or content, and never
        // reach back over an earlier turn's closing token.
        const reachesBack = promptEnd < region.start;
        const extension = text.slice(promptEnd, region.start);
        const crossesTurnEnd = reachesBack && endTokens.some((token) => extension.includes(token));
        if (promptEnd >= previousRegionEnd && promptEnd <= region.end && !crossesTurnEnd) start = promptEnd;
      }
      // Calls a template writes after the text (Qwen2.5's <tool_call> blocks) belong to the turn: train through its end.
      const endToken = hasCalls(message) ? findEndOfTurn(text, region.end, endTokens) : matchEndOfTurn(text, region.end, endTokens);
      if (endToken) end = endToken;
      else {
        warnings.push({
          code: 'no_end_of_turn',
          message: `Assistant message ${region.messageIndex + 1} is not followed by an end-of-turn token, so the model is not taught to stop after it.`,
          messageIndex: region.messageIndex,
          role: 'assistant',
        });
      }
    }
    start = Math.max(start, floor);
    if (end > start) spans.push({ messageIndex: region.messageIndex, start, end, weight });
    floor = Math.max(floor, end);
  });
  return spans;
}

/** The end of the first closing token at or after `from` (a turn whose calls follow its text). */
function findEndOfTurn(text: string, from: number, endTokens: readonly string[]): number | null {
  const ends = endTokens.map((token) => ({ at: text.indexOf(token, from), token })).filter(({ at }) => at !== -1);
  if (ends.length === 0) return null;
  const first = ends.reduce((best, candidate) => (candidate.at < best.at ? candidate : best));
  return first.at + first.token.length;
}

/**
 * A turn that only calls functions trains from where its generation prompt ends through its end-of-turn token: the
 * calls are what the model learns to write.
 */
function callOnlySpans(
  messages: readonly ChatMessage[],
  text: string,
  endTokens: readonly string[],
  warnings: RenderWarning[],
  generationPrompt: (messageIndex: number) => string | null,
): TrainedSpan[] {
  const spans: TrainedSpan[] = [];
  messages.forEach((message, index) => {
    const weight = messageWeight(message);
    if (!callsOnly(message) || weight <= 0) return;
    const prompt = generationPrompt(index);
    const start = prompt === null ? null : commonPrefixLength(prompt, text);
    const end = start === null ? null : findEndOfTurn(text, start, endTokens);
    if (start === null || end === null || end <= start) {
      warnings.push({
        code: 'call_not_located',
        message: `Message ${index + 1} (assistant function call): where it starts or ends in the rendered text cannot be told, so it is not trained.`,
        messageIndex: index,
        role: 'assistant',
        trained: false,
      });
      return;
    }
    spans.push({ messageIndex: index, start, end, weight });
  });
  return spans;
}

/** The end of the turn's closing token when only whitespace separates it from the content. */
function matchEndOfTurn(text: string, from: number, endTokens: readonly string[]): number | null {
  let at = from;
  while (at < text.length && /\s/.test(text[at] as string)) at++;
  const token = endTokens.find((candidate) => text.startsWith(candidate, at));
  return token ? at + token.length : null;
}

function stretchesOf(length: number, spans: readonly TrainedSpan[]): TrainingPlan['stretches'] {
  const stretches: { start: number; end: number; weight: number; messageIndex: number | null }[] = [];
  let cursor = 0;
  for (const span of spans) {
    if (span.start > cursor) stretches.push({ start: cursor, end: span.start, weight: 0, messageIndex: null });
    stretches.push({ start: span.start, end: span.end, weight: span.weight, messageIndex: span.messageIndex });
    cursor = span.end;
  }
  if (cursor < length) stretches.push({ start: cursor, end: length, weight: 0, messageIndex: null });
  return stretches;
}

/** Tokenizes each stretch on its own, so every token is wholly trained or wholly not. */
export function tokenizeTrainingPlan(plan: TrainingPlan, tokenize: TokenizeFunction): TrainingRender {
  const tokens: number[] = [];
  const mask: number[] = [];
  const segments: RenderSegment[] = [];
  for (const stretch of plan.stretches) {
    const preceding = plan.text.slice(Math.max(0, stretch.start - contextChars), stretch.start);
    const ids = tokenize(plan.text.slice(stretch.start, stretch.end), { special: true, preceding });
    const tokenStart = tokens.length;
    for (const id of ids) {
      tokens.push(id);
      mask.push(stretch.weight);
    }
    segments.push({ ...stretch, tokenStart, tokenEnd: tokens.length });
  }
  const trainedTokens = mask.filter((weight) => weight > 0).length;
  const warnings = [...plan.warnings];
  if (trainedTokens === 0) {
    warnings.unshift({
      code: 'nothing_to_train',
      message: 'This conversation trains on zero tokens: no assistant turn (or turn with a weight above 0) made it into the rendered text.',
      messageIndex: null,
    });
  }
  return { text: plan.text, messages: plan.messages, segments, tokens, mask, trainedTokens, warnings };
}

const hasCalls = (message: ChatMessage): boolean => message.toolCalls !== undefined && message.toolCalls.length > 0;
const callsOnly = (message: ChatMessage): boolean => hasCalls(message) && message.content === '';

/** A message as chat templates read it (transformers' shape): function calls as `tool_calls`. */
export function templateMessage(message: ChatMessage): Record<string, unknown> {
  if (!hasCalls(message)) return { role: message.role, content: message.content };
  return {
    role: message.role,
    content: message.content,
    tool_calls: (message.toolCalls ?? []).map((call) => ({ type: 'function', function: { name: call.name, arguments: call.arguments } })),
  };
}

/**
 * Refuses a template that drops what a tool conversation needs: rendered without the calls (or without the `tools`
 * variable) it gives the same text, so the model would be trained on a conversation with them silently gone.
 */
function refuseIgnoredTools(
  name: string,
  text: string,
  messages: readonly ChatMessage[],
  variables: Readonly<Record<string, unknown>> | undefined,
  renderWith: (variables: Readonly<Record<string, unknown>>, messages: readonly ChatMessage[]) => string,
): void {
  const tools = variables?.tools;
  const hint = 'use a chat template that supports tools (Qwen2.5 and Llama 3.1 templates do)';
  const calling = messages.findIndex(hasCalls);
  if (calling !== -1) {
    const withoutCalls = messages.map((message) => (hasCalls(message) ? { role: message.role, content: message.content, ...(message.weight === undefined ? {} : { weight: message.weight }) } : message));
    if (renderWith(variables ?? {}, withoutCalls) === text) {
      throw new WorkbenchError('unsupported', `${name} does not render function calls: message ${calling + 1} calls "${messages[calling]?.toolCalls?.[0]?.name}", which would be lost; ${hint}`, {
        template: name,
        messageIndex: calling,
        reason: 'tool_calls_not_rendered',
      }, reason('template_drops_tool_calls', { template: name, message: calling + 1 }));
    }
  }
  if (Array.isArray(tools) && tools.length > 0 && renderWith({ ...variables, tools: undefined }, messages) === text) {
    throw new WorkbenchError('unsupported', `${name} does not render the tools (their schemas would be lost); ${hint}`, { template: name, reason: 'tools_not_rendered' }, reason('template_drops_tools', { template: name }));
  }
}

/** A number that appears in neither the template nor any content, so markers cannot collide with real text. */
function pickNonce(templateSource: string, messages: readonly ChatMessage[]): string {
  for (;;) {
    const nonce = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
    if (!templateSource.includes(nonce) && messages.every((message) => !message.content.includes(nonce))) return nonce;
  }
}
