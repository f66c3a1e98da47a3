#!/usr/bin/env python3
"""Writes the random-weight GGUF models the device check trains, on the machine that runs it (no weights are carried).

Uses gguf-py from the patched llama.cpp source (numpy only). The layout mirrors the test fixtures' TypeScript writer
(electron/engine/gguf/makeRandomLlamaModel.ts): a SentencePiece byte-fallback vocabulary (<unk>, <s>, </s>, 256 byte
tokens, then ordinary pieces), norms at one in F32, matrices N(0, 1/fan_in), token embeddings N(0, 1), the output
projection 3x sharper (a tied model's embedding is scaled like that output); llama.cpp keeps 1-D tensors in F32 whatever the file type.

    make_models.py --llama-cpp DIR --out DIR [--only tiny|tiny-qwen2|qwen05]... [--skip-existing]

Models:
  tiny        llama, 2 layers, embd 64, 4 heads / 2 KV heads, ffn 128, vocab 300, F16 (the gradient-agreement model,
              the shape the Vulkan tests use)
  tiny-qwen2  the same shape as qwen2 (q/k/v biases, tied embeddings): exercises the bench model's code path cheaply
  qwen05      Qwen2.5-0.5B shape: qwen2, hidden 896, 24 layers, 14 heads / 2 KV heads (head dim 64), FFN 4864,
              vocab 151936, tied embeddings, F16 (about 0.99 GB)
"""
import argparse
import os
import sys
import time
import types

import numpy as np

TOKEN_NORMAL, TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_BYTE = 1, 2, 3, 6

MODELS = {
    'tiny': dict(arch='llama', layers=2, embd=64, heads=4, kv_heads=2, ffn=128, vocab=300, ctx=1024, dtype='f16',
                 tied=False, rope_base=10_000.0, eps=1e-5, seed=5),
    'tiny-qwen2': dict(arch='qwen2', layers=2, embd=64, heads=4, kv_heads=2, ffn=128, vocab=300, ctx=1024, dtype='f16',
                       tied=True, rope_base=1_000_000.0, eps=1e-6, seed=6),
    'qwen05': dict(arch='qwen2', layers=24, embd=896, heads=14, kv_heads=2, ffn=4864, vocab=151936, ctx=32768,
                   dtype='f16', tied=True, rope_base=1_000_000.0, eps=1e-6, seed=7),
}


def import_gguf(llama_cpp_dir):
    sys.path.insert(0, os.path.join(llama_cpp_dir, 'gguf-py'))
    try:
        import yaml  # noqa: F401  (gguf.metadata imports it; only model conversion uses it)
    except ImportError:
        sys.modules['yaml'] = types.ModuleType('yaml')
    import gguf
    return gguf


LETTERS = 'etaoinshrdlcumwfgypbvkjxqz'
SPACE = '\u2581'


def ordinary_pieces():
    """Ordinary pieces in the TS writer's spirit: the boundary marker, letters, then letter runs to fill any size."""
    yield SPACE
    for letter in LETTERS:
        yield letter
    for letter in LETTERS:
        yield SPACE + letter
    length = 2
    while True:
        digits = [0] * length
        while True:
            word = ''.join(LETTERS[d] for d in digits)
            yield SPACE + word
            yield word
            position = length - 1
            while position >= 0 and digits[position] == len(LETTERS) - 1:
                digits[position] = 0
                position -= 1
            if position < 0:
                break
            digits[position] += 1
        length += 1


def vocabulary(size):
    tokens = ['<unk>', '<s>', '</s>']
    types_ = [TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_CONTROL]
    for byte in range(256):
        tokens.append('<0x%02X>' % byte)
        types_.append(TOKEN_BYTE)
    pieces = ordinary_pieces()
    while len(tokens) < size:
        tokens.append(next(pieces))
        types_.append(TOKEN_NORMAL)
    scores = [0.0] * 259 + [-float(rank) for rank in range(size - 259)]
    return tokens, scores, types_


def tensor_plan(shape):
    embd, ffn, vocab = shape['embd'], shape['ffn'], shape['vocab']
    head_dim = embd // shape['heads']
    q_dim, kv_dim = shape['heads'] * head_dim, shape['kv_heads'] * head_dim
    # (name, numpy shape = reversed ggml dims, init): ('ones',) | ('normal', std) | ('zeros',)
    # A tied model's embedding is also its output projection: scaled like the TS writer's output (3/sqrt(embd)) so the
    # logits stay near the untied models' instead of growing with sqrt(embd); the first norm undoes the input scale.
    plan = [('token_embd.weight', (vocab, embd), ('normal', 3 * embd ** -0.5 if shape['tied'] else 1.0))]
    for layer in range(shape['layers']):
        block = 'blk.%d' % layer
        plan += [
            (block + '.attn_norm.weight', (embd,), ('ones',)),
            (block + '.attn_q.weight', (q_dim, embd), ('normal', embd ** -0.5)),
            (block + '.attn_k.weight', (kv_dim, embd), ('normal', embd ** -0.5)),
            (block + '.attn_v.weight', (kv_dim, embd), ('normal', embd ** -0.5)),
            (block + '.attn_output.weight', (embd, q_dim), ('normal', q_dim ** -0.5)),
            (block + '.ffn_norm.weight', (embd,), ('ones',)),
            (block + '.ffn_gate.weight', (ffn, embd), ('normal', embd ** -0.5)),
            (block + '.ffn_up.weight', (ffn, embd), ('normal', embd ** -0.5)),
            (block + '.ffn_down.weight', (embd, ffn), ('normal', ffn ** -0.5)),
        ]
        if shape['arch'] == 'qwen2':
            plan += [
                (block + '.attn_q.bias', (q_dim,), ('normal', 0.02)),
                (block + '.attn_k.bias', (kv_dim,), ('normal', 0.02)),
                (block + '.attn_v.bias', (kv_dim,), ('normal', 0.02)),
            ]
    plan.append(('output_norm.weight', (embd,), ('ones',)))
    if not shape['tied']:
        plan.append(('output.weight', (vocab, embd), ('normal', 3 * embd ** -0.5)))
    return plan


def write_model(gguf, name, path):
    shape = MODELS[name]
    arch = shape['arch']
    started = time.time()
    writer = gguf.GGUFWriter(path + '.tmp', arch)
    writer.add_name('random %s %dx%d (seed %d)' % (arch, shape['layers'], shape['embd'], shape['seed']))
    writer.add_description('Random weights generated by LLM Workbench device-check; it produces noise, not language.')
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16 if shape['dtype'] == 'f16' else gguf.LlamaFileType.ALL_F32)
    writer.add_context_length(shape['ctx'])
    writer.add_embedding_length(shape['embd'])
    writer.add_block_count(shape['layers'])
    writer.add_feed_forward_length(shape['ffn'])
    writer.add_head_count(shape['heads'])
    writer.add_head_count_kv(shape['kv_heads'])
    writer.add_rope_dimension_count(shape['embd'] // shape['heads'])
    writer.add_rope_freq_base(shape['rope_base'])
    writer.add_layer_norm_rms_eps(shape['eps'])
    writer.add_vocab_size(shape['vocab'])
    tokens, scores, token_types = vocabulary(shape['vocab'])
    writer.add_tokenizer_model('llama')
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(token_types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)

    rng = np.random.default_rng(shape['seed'])
    matrix_type = np.float16 if shape['dtype'] == 'f16' else np.float32
    for tensor_name, dims, init in tensor_plan(shape):
        if init[0] == 'ones':
            values = np.ones(dims, dtype=np.float32)
        else:
            values = rng.standard_normal(dims, dtype=np.float32) * np.float32(init[1])
        writer.add_tensor(tensor_name, values.astype(matrix_type) if len(dims) == 2 else values)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    os.replace(path + '.tmp', path)
    print('make_models: %s -> %s (%.1f MB, %.1f s)' % (name, path, os.path.getsize(path) / 1e6, time.time() - started))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--llama-cpp', required=True, help='the patched llama.cpp source (its gguf-py is used)')
    parser.add_argument('--out', required=True)
    parser.add_argument('--only', action='append', choices=sorted(MODELS), help='models to write (default: all)')
    parser.add_argument('--skip-existing', action='store_true', help='keep a model file that is already there')
    args = parser.parse_args()
    gguf = import_gguf(args.llama_cpp)
    os.makedirs(args.out, exist_ok=True)
    for name in args.only or ['tiny', 'tiny-qwen2', 'qwen05']:
        path = os.path.join(args.out, name + '.gguf')
        if args.skip_existing and os.path.exists(path):
            print('make_models: %s exists, kept' % path)
            continue
        write_model(gguf, name, path)


if __name__ == '__main__':
    main()
