import type { HostName } from '../../shared/contract/system.ts';

/**
 * The environment a host process starts with: the parent's, its name, and for the inference host OpenMP's
 * "active" wait policy unless the user chose one.
 *
 * Why: a llama.cpp built with OpenMP (what `npm install` compiles on CPU-only machines) runs each decode step as a parallel region.
 * Between two steps node-llama-cpp samples and hops through the JS event loop; with libgomp's default (passive)
 * policy the worker threads fall asleep in that gap and every token pays futex wake-ups. On the 2-core VM the 0.5B
 * Q8_0 model decoded at 40 tokens/s passive and 60 active, which is llama-bench's speed (bench/results). Measured
 * idle cost: no CPU time while no decode runs (the threads still park between requests). Prebuilt binaries use
 * ggml's own thread pool and ignore these variables. The trainer host is left alone: its native code runs long
 * graphs back to back.
 */
export function hostEnvironment(name: HostName, parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent, WORKBENCH_HOST: name };
  if (name === 'inference' && env.OMP_WAIT_POLICY === undefined) env.OMP_WAIT_POLICY = 'active';
  return env;
}
