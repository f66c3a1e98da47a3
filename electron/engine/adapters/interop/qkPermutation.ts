import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

/**
 * llama.cpp's llama architecture rotates adjacent pairs of each head's query/key dimensions, Hugging Face's
 * checkpoints rotate the two halves. convert_hf_to_gguf.py (LlamaModel.permute) therefore reorders the output
 * rows of q_proj (with the head count) and k_proj (with the KV head count): inside each head, row j·(d/2) + i
 * moves to 2i + j. A LoRA update B·A has the base weight's output rows in B's rows, so the same reorder applies
 * to lora_B and not to lora_A; exporting needs the inverse.
 */
export function permuteHeadRows(values: Float32Array, rows: number, columns: number, heads: number, direction: 'hf-to-gguf' | 'gguf-to-hf', what: string): Float32Array {
  if (values.length !== rows * columns) throw new Error(`permuteHeadRows: ${values.length} values for ${rows}×${columns}`);
  if (!Number.isInteger(heads) || heads <= 0 || rows % heads !== 0 || (rows / heads) % 2 !== 0) {
    throw new WorkbenchError('bad_input', `${what}: ${rows} output rows do not split into ${heads} heads of an even size, so the q/k row order cannot be converted`, {
      field: what,
      rows,
      heads,
    }, reason('interop_heads_uneven', { tensor: what, rows, heads }));
  }
  const headSize = rows / heads;
  const half = headSize / 2;
  const out = new Float32Array(values.length);
  for (let head = 0; head < heads; head++) {
    for (let pair = 0; pair < half; pair++) {
      for (let side = 0; side < 2; side++) {
        const hfRow = head * headSize + side * half + pair;
        const ggufRow = head * headSize + pair * 2 + side;
        const [from, to] = direction === 'hf-to-gguf' ? [hfRow, ggufRow] : [ggufRow, hfRow];
        out.set(values.subarray(from * columns, (from + 1) * columns), to * columns);
      }
    }
  }
  return out;
}
