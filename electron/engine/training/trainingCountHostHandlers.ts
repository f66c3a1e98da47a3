import type { HostHandlers } from '../hosts/hostContract.ts';
import type { InferenceHostContract } from '../inference/inferenceHostContract.ts';
import { leadingBosOfModel, withLeadingBos } from '../templates/leadingBos.ts';
import { ModelTokenizer } from '../tokenizer/modelTokenizer.ts';
import { vocabOnlyModel } from '../tokenizer/vocabOnlyModels.ts';
import { countsOf, ExampleTokenizer } from './run/tokenizeExamples.ts';
import type { TokenVocabulary } from './run/tokenVocabulary.ts';
import type { Token } from 'node-llama-cpp';

/** A vocabulary-only model as the trainer session's tokenizer: the same llama.cpp calls, no weights loaded. */
export async function modelVocabulary(modelPath: string): Promise<TokenVocabulary> {
  const model = await vocabOnlyModel(modelPath);
  const tokenizer = new ModelTokenizer(model, modelPath);
  const bos = model.tokens.bos;
  return {
    tokenize: (text, options) => {
      const ids = tokenizer.tokenize(text, options?.special ? 'allow' : 'text');
      return Int32Array.from(options?.addBos ? withLeadingBos(ids, leadingBosOfModel(model)) : ids);
    },
    detokenize: (tokens, options) => model.detokenize([...tokens].map((id) => id as Token), options?.special ?? false),
    bosToken: bos,
    eosToken: model.tokens.eos,
  };
}

/**
 * Inference-host side of training.estimate and training.start: rows rendered and tokenized exactly as the run
 * will, counted before anything loads the trainer, so the plan (steps, epochs, skipped rows) is the run's own.
 */
export const trainingCountHostHandlers: HostHandlers<Pick<InferenceHostContract, 'training.countRows'>> = {
  'training.countRows': async (params) => {
    const vocabulary = await modelVocabulary(params.modelPath);
    const tokenizer = new ExampleTokenizer(vocabulary, params.chatTemplate, params.contextLength, params.longRows);
    const trainSet = tokenizer.tokenizeAll(params.train, 'Training data');
    const train = countsOf(trainSet, params.objective);
    const validation = countsOf(tokenizer.tokenizeAll(params.validation, 'Validation data'), params.objective);
    // The other choice's count, so the form can say what each keeps before start.
    const other = params.longRows === 'skip' ? new ExampleTokenizer(vocabulary, params.chatTemplate, params.contextLength, 'truncate').tokenizeAll(params.train, 'Training data') : trainSet;
    const truncatedRows = countsOf(other, params.objective).rows;
    return {
      longTrainRows: other.truncated,
      keptBySkip: truncatedRows - other.truncated,
      keptByTruncate: truncatedRows,
      trainRows: train.rows,
      validationRows: validation.rows,
      tokensPerEpoch: train.tokens,
      targetTokensPerEpoch: train.targetTokens,
      skipped: [...train.skipped, ...validation.skipped],
    };
  },
};
