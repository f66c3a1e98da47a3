import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { ChatMessage } from '../../../shared/contract/tokenizer.ts';
import { compileChatTemplate, type CompiledChatTemplate } from '../../templates/chatTemplate.ts';
import { leadingBosOf, trainingRenderWithBos, withLeadingBos } from '../../templates/leadingBos.ts';
import { tokenizeInContext } from '../../templates/tokenizeInContext.ts';
import { planTrainingRender, tokenizeTrainingPlan, type TokenizeFunction } from '../../templates/trainingRender.ts';
import type { TrainingSequence } from '../native/nativeTrainerApi.ts';
import type { TrainingExample } from '../trainingExamples.ts';
import type { TokenVocabulary } from './tokenVocabulary.ts';
import { truncatePair, truncateSft } from './truncateSequences.ts';

/** A row left out of a run: `reason` in English for the CLI and logs, the numbers for the UI's own sentence. */
export interface SkippedRow {
  rowId: number | null;
  reason: string;
  tokens: number;
  contextLength: number;
}

export interface TokenizedSet {
  sequences: (TrainingSequence & { rowId: number | null })[];
  pairs: { rowId: number | null; chosen: TrainingSequence; rejected: TrainingSequence }[];
  skipped: SkippedRow[];
  /** Rows longer than the context that were cut to fit (longRows 'truncate'). */
  truncated: number;
  tokens: number;
  targetTokens: number;
}

function targets(mask: Uint8Array): number {
  let count = 0;
  for (let i = 1; i < mask.length; i++) count += mask[i]!;
  return count;
}

function rowName(rowId: number | null, index: number): string {
  return rowId === null ? `example ${index + 1}` : `row ${rowId}`;
}

/** What trains from a tokenized set: units (SFT rows, DPO pairs, rows of plain text), tokens, target tokens. */
export interface TokenizedCounts {
  rows: number;
  tokens: number;
  targetTokens: number;
  skipped: SkippedRow[];
}

/** Plain text rows may become several windows; they count (and are drawn) as one unit per row. */
export function countsOf(set: TokenizedSet, objective: 'sft' | 'dpo' | 'full'): TokenizedCounts {
  const rows =
    objective === 'dpo'
      ? set.pairs.length
      : objective === 'full'
        ? new Set(set.sequences.map((sequence, index) => (sequence.rowId === null ? `i${index}` : `r${sequence.rowId}`))).size
        : set.sequences.length;
  return { rows, tokens: set.tokens, targetTokens: set.targetTokens, skipped: set.skipped };
}

/**
 * Renders and tokenizes rows exactly as the tokenizer lab shows them: the model's chat template through
 * planTrainingRender / tokenizeTrainingPlan, tokenized by the model's own llama.cpp vocabulary in context (the
 * trainer session's, or a vocabulary-only model's when rows are only counted), with BOS in front as inference puts
 * it there (templates/leadingBos.ts), never trained.
 */
export class ExampleTokenizer {
  private readonly template: CompiledChatTemplate | null;
  private readonly tokenize: TokenizeFunction;
  private readonly bosToken: string;
  private readonly eosToken: string;
  /** The BOS inference puts in front of this model's prompts, null when it adds none. */
  private readonly leadingBos: number | null;

  constructor(
    private readonly vocabulary: TokenVocabulary,
    chatTemplate: string | null,
    private readonly contextLength: number,
    /** Rows longer than the context: left out ('skip') or cut to fit ('truncate', see truncateSequences.ts). */
    private readonly longRows: 'skip' | 'truncate' = 'skip',
  ) {
    this.template = chatTemplate ? compileChatTemplate(chatTemplate, 'model chat template') : null;
    this.tokenize = (text, { special, preceding }) => tokenizeInContext((part) => [...vocabulary.tokenize(part, { special })], text, preceding);
    const spell = (id: number | null) => (id === null ? '' : vocabulary.detokenize(Int32Array.of(id), { special: true }));
    this.bosToken = spell(vocabulary.bosToken);
    this.eosToken = spell(vocabulary.eosToken);
    this.leadingBos = leadingBosOf(vocabulary);
  }

  /** `tools`: the schemas a tool-call conversation may call, given to the template as its `tools` variable. */
  conversation(messages: readonly ChatMessage[], tools?: readonly Record<string, unknown>[]): TrainingSequence {
    if (!this.template) {
      throw new WorkbenchError('bad_input', 'This model has no chat template (tokenizer.chat_template), so conversations cannot be rendered for training', {
        field: 'tokenizer.chat_template',
      }, reason('chat_template_missing', {}));
    }
    const plan = planTrainingRender(this.template, messages, { bosToken: this.bosToken, eosToken: this.eosToken, ...(tools ? { variables: { tools } } : {}) });
    const render = trainingRenderWithBos(tokenizeTrainingPlan(plan, this.tokenize), this.leadingBos);
    return { tokens: Int32Array.from(render.tokens), trainMask: Uint8Array.from(render.mask, (weight) => (weight > 0 ? 1 : 0)) };
  }

  /** The prompt a sample generation starts from: the conversation so far plus the assistant's turn opening. */
  generationPrompt(prompt: string): Int32Array {
    if (!this.template) return Int32Array.from(withLeadingBos([...this.vocabulary.tokenize(prompt)], this.leadingBos));
    const plan = planTrainingRender(this.template, [{ role: 'user', content: prompt }], {
      bosToken: this.bosToken,
      eosToken: this.eosToken,
      addGenerationPrompt: true,
    });
    return Int32Array.from(trainingRenderWithBos(tokenizeTrainingPlan(plan, this.tokenize), this.leadingBos).tokens);
  }

  /** All rows of a set; rows that cannot train are reported (too long) or refused (empty train mask). */
  tokenizeAll(examples: readonly TrainingExample[], label: string): TokenizedSet {
    const set: TokenizedSet = { sequences: [], pairs: [], skipped: [], truncated: 0, tokens: 0, targetTokens: 0 };
    const tooLong = (rowId: number | null, length: number) =>
      set.skipped.push({ rowId, reason: `${length} tokens, longer than the context length ${this.contextLength}`, tokens: length, contextLength: this.contextLength });
    examples.forEach((example, index) => {
      if (example.kind === 'conversation') {
        const sequence = this.conversation(example.messages, example.tools);
        const count = targets(sequence.trainMask);
        if (count === 0) throw zeroMask(label, rowName(example.rowId, index), example.rowId ?? index + 1);
        if (sequence.tokens.length > this.contextLength) {
          if (this.longRows === 'skip') return tooLong(example.rowId, sequence.tokens.length);
          set.truncated++;
        }
        const kept = truncateSft(sequence, this.contextLength, this.vocabulary.bosToken);
        set.sequences.push({ ...kept, rowId: example.rowId });
        set.tokens += kept.tokens.length;
        set.targetTokens += targets(kept.trainMask);
      } else if (example.kind === 'preference') {
        // The prompt turns are context only; the answer turns carry the mask, as in SFT.
        const prompt = example.prompt.map((message) => ({ ...message, weight: 0 }));
        const chosen = this.conversation([...prompt, ...example.chosen]);
        const rejected = this.conversation([...prompt, ...example.rejected]);
        for (const [side, sequence] of [['chosen', chosen], ['rejected', rejected]] as const) {
          if (targets(sequence.trainMask) === 0) throw zeroMask(label, `${rowName(example.rowId, index)} (${side})`, example.rowId ?? index + 1);
        }
        const longest = Math.max(chosen.tokens.length, rejected.tokens.length);
        if (longest > this.contextLength) {
          if (this.longRows === 'skip') return tooLong(example.rowId, longest);
          set.truncated++;
        }
        const kept = truncatePair(chosen, rejected, this.contextLength, this.vocabulary.bosToken);
        set.pairs.push({ rowId: example.rowId, ...kept });
        set.tokens += kept.chosen.tokens.length + kept.rejected.tokens.length;
        set.targetTokens += targets(kept.chosen.trainMask) + targets(kept.rejected.trainMask);
      } else {
        // Plain text trains on every token; long documents become consecutive windows of the context.
        const tokens = Int32Array.from(withLeadingBos([...this.vocabulary.tokenize(example.text)], this.leadingBos));
        for (let start = 0; start < tokens.length; start += this.contextLength) {
          const window = tokens.slice(start, start + this.contextLength);
          if (window.length < 2) continue;
          set.sequences.push({ tokens: window, trainMask: new Uint8Array(window.length).fill(1), rowId: example.rowId });
          set.tokens += window.length;
          set.targetTokens += window.length - 1;
        }
      }
    });
    return set;
  }
}

function zeroMask(label: string, row: string, rowId: number): WorkbenchError {
  return new WorkbenchError(
    'bad_input',
    `${label} ${row}: the train mask covers zero tokens after the chat template, so this row would train on nothing. Check that it has an assistant turn (with weight > 0) and that the template renders it.`,
    { field: 'data', row: rowId },
    reason('training_row_trains_nothing', { row: rowId }),
  );
}
