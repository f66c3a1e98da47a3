import { float16BitsToFloat32, float32ToFloat16Bits } from '../../gguf/float16.ts';

/** The float element types adapters travel in; quantized adapters are refused before they get here. */
export type FloatDType = 'F32' | 'F16' | 'BF16';

export const floatDTypeBytes: Record<FloatDType, number> = { F32: 4, F16: 2, BF16: 2 };

/**
 * Little-endian bytes → float32 values. F16 and BF16 widen exactly, so writing the values back in the same type
 * gives the same bytes: that is what keeps an import → export round trip bit-equal.
 */
export function decodeFloats(bytes: Uint8Array, dtype: FloatDType): Float32Array {
  const count = bytes.length / floatDTypeBytes[dtype];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(count);
  if (dtype === 'F32') {
    for (let index = 0; index < count; index++) values[index] = view.getFloat32(index * 4, true);
  } else if (dtype === 'F16') {
    for (let index = 0; index < count; index++) values[index] = float16BitsToFloat32(view.getUint16(index * 2, true));
  } else {
    const word = new DataView(new ArrayBuffer(4));
    for (let index = 0; index < count; index++) {
      word.setUint32(0, view.getUint16(index * 2, true) << 16);
      values[index] = word.getFloat32(0);
    }
  }
  return values;
}

/** float32 values → little-endian bytes of the given type (F16 and BF16 round to nearest even). */
export function encodeFloats(values: Float32Array, dtype: FloatDType): Uint8Array {
  const bytes = new Uint8Array(values.length * floatDTypeBytes[dtype]);
  const view = new DataView(bytes.buffer);
  if (dtype === 'F32') {
    for (let index = 0; index < values.length; index++) view.setFloat32(index * 4, values[index]!, true);
  } else if (dtype === 'F16') {
    for (let index = 0; index < values.length; index++) view.setUint16(index * 2, float32ToFloat16Bits(values[index]!), true);
  } else {
    for (let index = 0; index < values.length; index++) view.setUint16(index * 2, float32ToBFloat16Bits(values[index]!), true);
  }
  return bytes;
}

const scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 is float32's top half; rounding to nearest even on the dropped half, NaN kept quiet (as PyTorch does). */
export function float32ToBFloat16Bits(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0) return ((bits >>> 16) | 0x0040) & 0xffff;
  const rounded = bits + 0x7fff + ((bits >>> 16) & 1);
  return (rounded >>> 16) & 0xffff;
}
