import { chatmlTemplate } from '../../gguf/chatmlTemplate.ts';
import { gguf, type GgufValue } from '../../gguf/ggufValues.ts';
import { tokenTypes } from '../../gguf/spmVocabulary.ts';
import type { BpeTokenizer } from './bpeTokenizer.ts';

/**
 * The tokenizer.* GGUF keys for a trained byte-level BPE: llama.cpp's "gpt2" tokenizer model with the "gpt-2"
 * pre-tokenizer (src/llama-vocab.cpp maps it to LLAMA_VOCAB_PRE_TYPE_GPT2 and the regex our pre-tokenizer
 * mirrors), merges in rank order, special tokens typed as control so they are parsed only when asked and hidden
 * when detokenizing. The ChatML template makes node-llama-cpp and llama.cpp format chats for the SFT'd model;
 * <|im_end|> ends a turn (llama.cpp adds it to the end-of-generation set by its text).
 */
export function bpeGgufMetadata(tokenizer: BpeTokenizer): Map<string, GgufValue> {
  const types = tokenizer.tokens.map((_, id) => (tokenizer.isSpecial(id) ? tokenTypes.control : tokenTypes.normal));
  return new Map<string, GgufValue>([
    ['tokenizer.ggml.model', gguf.string('gpt2')],
    ['tokenizer.ggml.pre', gguf.string(tokenizer.spec.preTokenizer)],
    ['tokenizer.ggml.tokens', gguf.strings(tokenizer.tokens)],
    ['tokenizer.ggml.token_type', gguf.numbers('int32', types)],
    ['tokenizer.ggml.merges', gguf.strings(tokenizer.spec.merges)],
    ['tokenizer.ggml.bos_token_id', gguf.uint32(tokenizer.bosId)],
    ['tokenizer.ggml.eos_token_id', gguf.uint32(tokenizer.eosId)],
    ['tokenizer.ggml.add_bos_token', gguf.bool(true)],
    ['tokenizer.ggml.add_eos_token', gguf.bool(false)],
    ['tokenizer.chat_template', gguf.string(chatmlTemplate)],
  ]);
}
