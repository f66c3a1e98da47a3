import { describe, expect, it } from 'vitest';
import { amxCompilerFlags, amxOffFlags, cpuAdvertisesAmx } from '../../../scripts/llama/amx.mjs';

/** Which machines get AMX switched off in the -march=native builds (scripts/llama/amx.mjs says why). */
const sapphireRapids = 'amx_bf16 amx_int8 amx_tile avx512_bf16 avx512_vnni avx512f fpu sse4_2';
const epyc = 'avx2 avx512_bf16 avx512_vnni avx512f fpu sse4_2';
const linuxX64 = { platform: 'linux', arch: 'x64', env: {} };

describe('AMX in the CPU builds', () => {
  it('reads AMX from a cpuinfo flags line, not from look-alike flags', () => {
    expect(cpuAdvertisesAmx(sapphireRapids)).toBe(true);
    expect(cpuAdvertisesAmx(epyc)).toBe(false);
    expect(cpuAdvertisesAmx('amx_tile_extra avx2')).toBe(false);
    expect(cpuAdvertisesAmx('amx_tile')).toBe(true);
  });

  it('switches all three AMX extensions off on an x64 Linux CPU that advertises AMX', () => {
    expect(amxCompilerFlags({ ...linuxX64, cpuFlags: sapphireRapids })).toEqual(['-mno-amx-tile', '-mno-amx-int8', '-mno-amx-bf16']);
    expect(amxCompilerFlags({ ...linuxX64, cpuFlags: sapphireRapids })).toEqual([...amxOffFlags]);
  });

  it('adds nothing where there is no AMX, on Windows (MSVC), on Arm, or when the user keeps AMX on', () => {
    expect(amxCompilerFlags({ ...linuxX64, cpuFlags: epyc })).toEqual([]);
    expect(amxCompilerFlags({ ...linuxX64, platform: 'win32', cpuFlags: sapphireRapids })).toEqual([]);
    expect(amxCompilerFlags({ ...linuxX64, arch: 'arm64', cpuFlags: sapphireRapids })).toEqual([]);
    expect(amxCompilerFlags({ ...linuxX64, cpuFlags: sapphireRapids, env: { WORKBENCH_LLAMA_AMX: 'on' } })).toEqual([]);
    expect(amxCompilerFlags({ ...linuxX64, cpuFlags: sapphireRapids, env: { WORKBENCH_LLAMA_AMX: 'off' } })).toHaveLength(3);
  });
});
