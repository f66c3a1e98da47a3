#!/usr/bin/env python3
"""Collects the device check's results in $OUT into summary.json and a readable summary.md (stdlib only).

    summarize.py --out DIR [--elapsed SECONDS]
"""
import argparse
import csv
import json
import os

PEFT_ANCHOR = dict(tokensPerSecond=20425, memoryGiB=16.7, device='H100', measured='2026-11-22')
GIB = 2 ** 30


def load(out, name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            return json.load(f)
    except ValueError as e:
        return dict(error='%s: %s' % (name, e))


def phases(out):
    path = os.path.join(out, 'phases.tsv')
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f, delimiter='\t'))


def fmt(v, spec='%.0f'):
    return '—' if v is None else spec % v


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('--elapsed', type=float, default=None)
    args = parser.parse_args()
    out = args.out

    peft = load(out, 'peft.json')
    peft_quiet = load(out, 'peft-quiet.json')
    bench = load(out, 'bench.json')
    agree = {name: load(out, 'agree-%s.json' % name) for name in ('tiny', 'tiny-qwen2')}
    devices = load(out, 'devices.json')
    steps = phases(out)

    # The PEFT number to compare with: the run on the quiet machine when there is one (the first ran beside the build).
    peft_ref = peft_quiet if peft_quiet and 'tokensPerSecond' in peft_quiet else peft
    ours_tps = bench.get('tokensPerSecond') if bench else None
    ours_mem = bench.get('deviceMemoryUsedBytes') if bench else None
    peft_tps = peft_ref.get('tokensPerSecond') if peft_ref else None
    peft_mem = peft_ref.get('maxMemoryAllocatedBytes') if peft_ref else None
    ratio = ours_tps / peft_tps if ours_tps and peft_tps else None
    summary = dict(
        elapsedSeconds=args.elapsed,
        devices=devices,
        phases=steps,
        bench=dict(ours=bench, peft=peft, peftQuiet=peft_quiet, ratioTokensPerSecond=ratio,
                   oursMemoryBytes=ours_mem, peftMemoryBytes=peft_mem, peftAnchor=PEFT_ANCHOR),
        agree=agree,
        agreementPass=all(a and a.get('pass') for a in agree.values()),
    )
    with open(os.path.join(out, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=2)

    lines = ['# Device check (issue 21)', '']
    if devices and isinstance(devices, list):
        for d in devices:
            lines.append('- device %s: %s (%s), %.1f GiB total' % (d.get('name'), d.get('description'), d.get('backend'),
                                                                    (d.get('memoryTotalBytes') or 0) / GIB))
        lines.append('')
    lines += ['## Bench: LoRA r16 on all linear layers, batch 8 × 512, Qwen2.5-0.5B shape, random weights', '',
              '| | tokens/s | memory | note |', '|---|---|---|---|']
    if bench:
        rep = bench.get('report', {})
        lines.append('| trainer (ggml, %s, F16 base) | %s | %s GiB device memory used (session: %s GiB) | %s splits, CPU ops %s |' % (
            bench.get('device'), fmt(ours_tps), fmt(ours_mem and ours_mem / GIB, '%.2f'),
            fmt(rep.get('deviceMemoryBytes') and rep['deviceMemoryBytes'] / GIB, '%.2f'), rep.get('splits'),
            json.dumps(rep.get('cpuOps'))))
    else:
        lines.append('| trainer (ggml) | did not run | | see phases |')
    for label, p in (('PyTorch + PEFT, bf16 (beside the build)', peft), ('PyTorch + PEFT, bf16 (quiet machine)', peft_quiet)):
        if p and 'tokensPerSecond' in p:
            lines.append('| %s | %s | %s GiB max_memory_allocated | %s, torch %s, peft %s |' % (
                label, fmt(p['tokensPerSecond']), fmt(p['maxMemoryAllocatedBytes'] / GIB, '%.2f'), p.get('attention'),
                p.get('torch'), p.get('peft')))
    lines.append('| PEFT anchor (issue 21, %s, %s) | %d | %.1f GiB | |' % (PEFT_ANCHOR['device'], PEFT_ANCHOR['measured'],
                                                                        PEFT_ANCHOR['tokensPerSecond'], PEFT_ANCHOR['memoryGiB']))
    lines += ['', 'Ratio trainer / PEFT tokens/s: %s (goal ≥ 1.0 at no more memory)' % fmt(ratio, '%.2f'), '']

    lines += ['## Agreement: CPU vs device, same model, adapter, batches and seed', '']
    for name, a in agree.items():
        if not a:
            lines.append('- %s: did not run' % name)
            continue
        if 'checks' not in a:
            lines.append('- %s: %s' % (name, a.get('error')))
            continue
        lines.append('### %s (cpu vs %s)%s — %s' % (name, a.get('device'), ' — both sides CPU' if a.get('sameDevice') else '',
                                                    'PASS' if a.get('pass') else 'FAIL'))
        lines += ['', '| check | value | bound |', '|---|---|---|']
        for c in a['checks']:
            lines.append('| %s | %.3e | %.0e %s |' % (c['name'], c['value'] if c['value'] is not None else float('nan'),
                                                   c['bound'], '' if c['pass'] else '**FAIL**'))
        lines.append('')
        lines.append('- step losses cpu: %s' % ' '.join('%.5f' % x for x in a['cpu']['stepLosses']))
        lines.append('- step losses %s: %s' % (a.get('device'), ' '.join('%.5f' % x for x in a['device_run']['stepLosses'])))
        lines.append('- device report: %s' % json.dumps(a['device_run'].get('report')))
        lines.append('')

    lines += ['## Phases', '', '| phase | rc | seconds | limit | note |', '|---|---|---|---|---|']
    for s in steps:
        lines.append('| %s | %s | %s | %s | %s |' % (s['phase'], s['rc'], s['seconds'], s['limit_s'], s['note']))
    if args.elapsed is not None:
        lines += ['', 'Total wall time: %.0f s' % args.elapsed]
    for s in steps:
        if s['rc'] not in ('0', 'skipped'):
            log = os.path.join(out, 'logs', s['phase'] + '.log')
            tail = open(log, errors='replace').read().splitlines()[-25:] if os.path.exists(log) else ['(no log)']
            lines += ['', '### logs/%s.log (last lines; rc %s)' % (s['phase'], s['rc']), '', '```'] + tail + ['```']
    with open(os.path.join(out, 'summary.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
