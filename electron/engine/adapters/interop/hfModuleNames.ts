/**
 * Hugging Face module paths ↔ llama.cpp tensor names for the decoder-only families whose converter maps the
 * projections one to one (llama, mistral, qwen2/3, gemma 1–3). Fused projections (phi3's qkv_proj, gpt-neox's
 * query_key_value) and embeddings are not here: adapters on them are refused by name.
 */
const blockModules: Readonly<Record<string, string>> = {
  'self_attn.q_proj': 'attn_q',
  'self_attn.k_proj': 'attn_k',
  'self_attn.v_proj': 'attn_v',
  'self_attn.o_proj': 'attn_output',
  'mlp.gate_proj': 'ffn_gate',
  'mlp.up_proj': 'ffn_up',
  'mlp.down_proj': 'ffn_down',
};
const blockModuleOf = new Map(Object.entries(blockModules).map(([hf, gguf]) => [gguf, hf]));

/** Wrappers multimodal and some text checkpoints put around the language model (as llama.cpp strips them). */
const wrapperPrefixes: readonly (readonly [string, string])[] = [
  ['model.language_model.', 'model.'],
  ['language_model.', ''],
];

function unwrap(module: string): string {
  for (const [prefix, replacement] of wrapperPrefixes) if (module.startsWith(prefix)) return replacement + module.slice(prefix.length);
  return module;
}

/** `model.layers.3.self_attn.q_proj` → `blk.3.attn_q.weight`; `lm_head` → `output.weight`; anything else → null. */
export function ggufTargetOf(hfModule: string): string | null {
  const module = unwrap(hfModule);
  if (module === 'lm_head') return 'output.weight';
  const match = /^model\.layers\.(\d+)\.(.+)$/.exec(module);
  if (!match) return null;
  const target = blockModules[match[2]!];
  return target === undefined ? null : `blk.${Number(match[1])}.${target}.weight`;
}

/** `blk.3.attn_q.weight` → `model.layers.3.self_attn.q_proj`; `output.weight` → `lm_head`; anything else → null. */
export function hfModuleOf(ggufTarget: string): string | null {
  if (ggufTarget === 'output.weight') return 'lm_head';
  const match = /^blk\.(\d+)\.(\w+)\.weight$/.exec(ggufTarget);
  const module = match ? blockModuleOf.get(match[2]!) : undefined;
  return module === undefined ? null : `model.layers.${match![1]}.${module}`;
}

/** The short name PEFT's target_modules uses: `q_proj`, `down_proj`, `lm_head`. */
export function shortModuleName(hfModule: string): string {
  return hfModule.slice(hfModule.lastIndexOf('.') + 1);
}

export const mappableHfModules = [...Object.keys(blockModules).map((module) => module.split('.')[1]!), 'lm_head'];
