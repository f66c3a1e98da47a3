import type { ColumnMapping, DatasetFormat, DatasetKind, FormatCandidate } from '../../shared/contract/datasets.ts';
import { detectionReason, type DetectionReason } from '../../shared/contract/datasetDetectionReasons.ts';
import { cellValue } from './messageFields.ts';
import { isPlainObject } from './rowConversion.ts';

export interface FormatGuess {
  readonly candidates: FormatCandidate[];
  readonly ambiguous: boolean;
  readonly keys: string[];
}

const promptSynonyms = ['instruction', 'question', 'prompt', 'query', 'input'];
const responseSynonyms = ['output', 'response', 'answer', 'completion'];
const textSynonyms = ['text', 'content', 'document', 'body'];

/**
 * Guesses the format from the keys of the first records. Exact key sets (instruction/output, conversations,
 * messages, prompt/chosen/rejected, text) are sure; synonyms (question/answer, prompt/completion) are guesses the
 * user is asked to confirm.
 */
export function detectFormat(samples: readonly unknown[]): FormatGuess {
  const objects = samples.filter(isPlainObject);
  if (samples.length > 0 && objects.length === 0 && samples.every((value) => typeof value === 'string')) {
    return { candidates: [candidate('text', 'pretrain', {}, 'every record is plain text', detectionReason('plain_text', {}))], ambiguous: false, keys: [] };
  }
  const keys = [...new Set(objects.flatMap((object) => Object.keys(object)))];
  const has = (key: string): boolean => keys.includes(key);
  const first = <T>(read: (object: Record<string, unknown>) => T | undefined): T | undefined => {
    for (const object of objects) {
      const value = read(object);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const turnStyle = (key: string): 'sharegpt' | 'openai' => {
    const turn = first((object) => {
      const list = cellValue(object[key]);
      return Array.isArray(list) && isPlainObject(list[0]) ? list[0] : undefined;
    });
    return turn && ('from' in turn || 'value' in turn) ? 'sharegpt' : 'openai';
  };

  const found: { candidate: FormatCandidate; guessed: boolean }[] = [];
  const add = (format: DatasetFormat, kind: DatasetKind, columns: ColumnMapping, reason: string, why: DetectionReason, guessed = false): void => {
    found.push({ candidate: candidate(format, kind, columns, reason, why), guessed });
  };

  if (has('chosen') && has('rejected')) {
    if (has('instruction')) add('alpaca', 'preference', {}, 'instruction with chosen and rejected answers (LLaMA-Factory ranking Alpaca)', detectionReason('alpaca_ranking', {}));
    else if (has('conversations')) add('sharegpt', 'preference', {}, 'conversations with chosen and rejected answers (LLaMA-Factory ranking ShareGPT)', detectionReason('sharegpt_ranking', {}));
    else if (has('messages')) add('sharegpt', 'preference', { messages: 'messages' }, 'messages with chosen and rejected answers (LLaMA-Factory ranking)', detectionReason('messages_ranking', {}));
    else if (has('prompt')) {
      const conversational = first((object) => (Array.isArray(cellValue(object.prompt)) || Array.isArray(cellValue(object.chosen)) ? true : undefined)) ?? false;
      if (conversational) add('trl-conversational', 'preference', {}, 'prompt, chosen and rejected as lists of messages (TRL conversational)', detectionReason('trl_conversational', {}));
      else add('trl-standard', 'preference', {}, 'prompt, chosen and rejected as texts (TRL standard)', detectionReason('trl_standard', {}));
    } else add('trl-implicit', 'preference', {}, 'chosen and rejected without a prompt: their shared beginning is the prompt (TRL implicit prompt)', detectionReason('trl_implicit', {}));
  }
  if (has('conversations')) add('sharegpt', 'sft', {}, 'a "conversations" list (ShareGPT)', detectionReason('sharegpt_conversations', {}));
  if (has('messages') && !(has('chosen') && has('rejected'))) {
    if (turnStyle('messages') === 'sharegpt') add('sharegpt', 'sft', { messages: 'messages' }, 'a "messages" list of from/value turns (ShareGPT style)', detectionReason('sharegpt_messages', {}));
    else add('openai', 'sft', {}, 'a "messages" list of role/content turns (OpenAI chat format)', detectionReason('openai_messages', {}));
  }
  if (has('instruction') && has('output')) add('alpaca', 'sft', {}, 'instruction and output (Alpaca)', detectionReason('alpaca', {}));
  else if (!(has('chosen') && has('rejected'))) {
    const prompt = promptSynonyms.find(has);
    const response = responseSynonyms.find(has);
    if (prompt && response) {
      const columns: ColumnMapping = { ...(prompt === 'instruction' ? {} : { prompt }), ...(response === 'output' ? {} : { response }) };
      add('alpaca', 'sft', columns, `"${prompt}" and "${response}" read as Alpaca's instruction and output`, detectionReason('alpaca_guessed', { prompt, response }), true);
    }
  }
  if (has('text')) add('text', 'pretrain', {}, 'a "text" field (one document per row)', detectionReason('text_field', {}));
  else if (found.length === 0) {
    const textKey = textSynonyms.find((key) => has(key) && typeof first((object) => object[key]) === 'string');
    if (textKey) add('text', 'pretrain', { text: textKey }, `"${textKey}" read as the document text`, detectionReason('text_guessed', { field: textKey }), true);
  }

  // A true/false label per record is KTO (LLaMA-Factory's kto_tag, TRL's unpaired preference): never plain SFT.
  if (has('label') && objects.some((object) => typeof object.label === 'boolean' || object.label === 'true' || object.label === 'false')) {
    for (const entry of found) {
      if (entry.candidate.kind !== 'sft') continue;
      entry.candidate = {
        ...entry.candidate,
        kind: 'kto',
        columns: { ...entry.candidate.columns, kto_tag: 'label' },
        reason: `${entry.candidate.reason}, each labelled desirable or undesirable by "label" (KTO)`,
      };
    }
  }
  const candidates = found.map((entry) => entry.candidate);
  const ambiguous = candidates.length !== 1 || found.some((entry) => entry.guessed);
  return { candidates, ambiguous, keys };
}

const candidate = (format: DatasetFormat, kind: DatasetKind, columns: ColumnMapping, reason: string, why: DetectionReason): FormatCandidate => ({ format, kind, columns, reason, why });

/** The kind a format gives when the user names the format (no detection). */
export function kindForFormat(format: DatasetFormat, keys: readonly string[], columns: ColumnMapping): DatasetKind {
  switch (format) {
    case 'text':
      return 'pretrain';
    case 'openai':
    case 'alpaca':
    case 'sharegpt':
      if (format !== 'openai' && (columns.chosen !== undefined || (keys.includes(columns.chosen ?? 'chosen') && keys.includes(columns.rejected ?? 'rejected')))) return 'preference';
      return columns.kto_tag !== undefined || keys.includes('label') ? 'kto' : 'sft';
    default:
      return 'preference';
  }
}
