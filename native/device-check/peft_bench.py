#!/usr/bin/env python3
"""PyTorch + PEFT side of the device check's bench pair (issue 21): the job trainer_check bench runs, in PEFT.

Qwen2.5-0.5B shape (transformers Qwen2Config: hidden 896, 24 layers, 14 heads / 2 KV heads, FFN 4864, vocab
151936, tied embeddings), random init, bf16 weights, LoRA r16 / alpha 32 on q,k,v,o,gate,up,down (dropout 0),
AdamW lr 1e-4, batch 8 x 512 random token ids, loss on every next token (labels = inputs). Warm-up steps, then timed
steps (each ends with torch.cuda.synchronize): tokens/s and torch.cuda.max_memory_allocated over the whole run.
Anchor (issue 21): 20,425 tokens/s at 16.7 GiB on an H100.

    peft_bench.py [--batch 8] [--seq 512] [--warmup 3] [--steps 10] [--out peft.json] [--shape qwen05|tiny]
"""
import argparse
import json
import sys
import time

SHAPES = {
    'qwen05': dict(hidden_size=896, num_hidden_layers=24, num_attention_heads=14, num_key_value_heads=2,
                   intermediate_size=4864, vocab_size=151936),
    # a smoke test of the script itself (any machine)
    'tiny': dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                 intermediate_size=128, vocab_size=300),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--seq', type=int, default=512)
    parser.add_argument('--rank', type=int, default=16)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--shape', choices=sorted(SHAPES), default='qwen05')
    parser.add_argument('--out', default='')
    args = parser.parse_args()

    import torch
    import transformers
    import peft
    from transformers import AutoModelForCausalLM, Qwen2Config
    from peft import LoraConfig, get_peft_model

    cuda = torch.cuda.is_available()
    device = torch.device('cuda' if cuda else 'cpu')
    torch.manual_seed(0)
    config = Qwen2Config(**SHAPES[args.shape], max_position_embeddings=32768, rope_theta=1_000_000.0, rms_norm_eps=1e-6,
                         tie_word_embeddings=True, use_cache=False)
    started = time.time()
    # Initialised in F32, then cast: the dtype keyword of from_config changed name across transformers versions.
    model = AutoModelForCausalLM.from_config(config).to(device=device, dtype=torch.bfloat16)
    lora = LoraConfig(r=args.rank, lora_alpha=2 * args.rank, lora_dropout=0.0, bias='none', task_type='CAUSAL_LM',
                      target_modules=['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'])
    model = get_peft_model(model, lora)
    model.train()
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    load_seconds = time.time() - started
    print('peft_bench: %s on %s, %d trainable parameters, attention %s, torch %s, transformers %s, peft %s' % (
        args.shape, torch.cuda.get_device_name(0) if cuda else 'cpu', trainable,
        getattr(model.config, '_attn_implementation', '?'), torch.__version__, transformers.__version__, peft.__version__),
        flush=True)

    generator = torch.Generator(device='cpu').manual_seed(11)
    step_seconds, losses = [], []
    for step in range(args.warmup + args.steps):
        ids = torch.randint(0, config.vocab_size, (args.batch, args.seq), generator=generator).to(device)
        if cuda:
            torch.cuda.synchronize()
        start = time.perf_counter()
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if cuda:
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        step_seconds.append(seconds)
        losses.append(float(loss.detach()))
        print('  step %d%s: %.3f s, loss %.4f, %.0f tokens/s' % (step + 1, ' (warm-up)' if step < args.warmup else '', seconds,
              losses[-1], args.batch * args.seq / seconds), flush=True)
    timed = sum(step_seconds[args.warmup:])
    tokens_per_second = args.batch * args.seq * args.steps / timed
    peak = torch.cuda.max_memory_allocated() if cuda else 0
    reserved = torch.cuda.max_memory_reserved() if cuda else 0
    print('peft_bench: %.0f tokens/s (%.3f s/step), max_memory_allocated %.2f GiB, max_memory_reserved %.2f GiB' % (
        tokens_per_second, timed / args.steps, peak / 2 ** 30, reserved / 2 ** 30), flush=True)
    result = dict(shape=args.shape, device=torch.cuda.get_device_name(0) if cuda else 'cpu', dtype='bf16', batch=args.batch,
                  seq=args.seq, loraRank=args.rank, trainableParameters=trainable, warmupSteps=args.warmup,
                  timedSteps=args.steps, loadSeconds=load_seconds, stepSeconds=step_seconds, losses=losses,
                  tokensPerSecond=tokens_per_second, maxMemoryAllocatedBytes=peak, maxMemoryReservedBytes=reserved,
                  attention=getattr(model.config, '_attn_implementation', None), torch=torch.__version__,
                  transformers=transformers.__version__, peft=peft.__version__)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
