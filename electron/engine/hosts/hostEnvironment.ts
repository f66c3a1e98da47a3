import type { HostName } from '../../shared/contract/system.ts';

/**
 * The environment a host process starts with: the parent's, its name, and for the inference host a libuv thread
 * pool of one thread (UV_THREADPOOL_SIZE=1) unless the user chose a size.
 *
 * Why: node-llama-cpp runs every llama_decode and every sampling step as libuv thread-pool work, and libuv hands each
 * item to whichever idle pool thread wakes — so with the default four threads consecutive decodes run on different
 * threads. With llama.cpp built with OpenMP (what `npm install` compiles on CPU-only machines) each of those threads
 * becomes the master of its own OpenMP team; once there are more OpenMP threads than CPUs, libgomp cuts its spinning
 * to almost nothing, and ggml's barriers between ops (an OpenMP barrier each, hundreds per token) fall asleep and pay
 * futex wake-ups. On a 2-core VM the 0.5B Q8_0 model decoded at 0.72 of llama-bench's speed with the default pool,
 * 0.92 with the default pool and OpenMP's active wait policy, and 0.96 with one thread (bench/results
 * 2026-12-06-vm-inference-4.md and -5.md); a build without OpenMP went from 0.79 to 0.95 the same way.
 *
 * One pool thread also means native work in this process runs one item at a time: decodes of two contexts take turns
 * (directDecode.ts then gives each decode all of its context's threads, so compare's side-by-side streams keep their
 * combined speed), and a model loading holds up a running generation until it is loaded. node-llama-cpp's pool items
 * never wait on one another, so one thread cannot deadlock the host (the whole test suite runs on it).
 *
 * OpenMP's wait policy stays libgomp's default: with one team its spinning (a few milliseconds) bridges the gap between
 * tokens, and the workers sleep once no decode runs. `OMP_WAIT_POLICY=active` measured the same speed but kept a core
 * spinning for minutes after every generation. The trainer host is left alone: its native code runs long graphs
 * back to back on its own threads.
 */
export function hostEnvironment(name: HostName, parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent, WORKBENCH_HOST: name };
  if (name === 'inference' && env.UV_THREADPOOL_SIZE === undefined) env.UV_THREADPOOL_SIZE = '1';
  return env;
}
