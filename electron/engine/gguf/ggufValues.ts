/**
 * GGUF metadata values, typed the way the file stores them so a read → write round trip keeps every type.
 * Type ids are the format's (gguf.h `gguf_type`).
 */

export const ggufValueTypeIds = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

export type GgufValueTypeName = keyof typeof ggufValueTypeIds;
export type GgufNumberType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';
export type GgufBigIntType = 'uint64' | 'int64';
export type GgufItemType = GgufNumberType | GgufBigIntType | 'bool' | 'string';

export type GgufScalarValue =
  | { readonly type: GgufNumberType; readonly value: number }
  | { readonly type: GgufBigIntType; readonly value: bigint }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string };

/** Nested arrays are legal in the spec but llama.cpp rejects them, so neither our reader nor writer accepts them. */
export type GgufArrayValue =
  | { readonly type: 'array'; readonly itemType: GgufNumberType; readonly value: readonly number[] }
  | { readonly type: 'array'; readonly itemType: GgufBigIntType; readonly value: readonly bigint[] }
  | { readonly type: 'array'; readonly itemType: 'bool'; readonly value: readonly boolean[] }
  | { readonly type: 'array'; readonly itemType: 'string'; readonly value: readonly string[] };

export type GgufValue = GgufScalarValue | GgufArrayValue;

/** Insertion-ordered; GGUF forbids duplicate keys, which a Map makes impossible to write. */
export type GgufMetadata = ReadonlyMap<string, GgufValue>;

const typeNameById = new Map<number, GgufValueTypeName>(
  Object.entries(ggufValueTypeIds).map(([name, id]) => [id, name as GgufValueTypeName]),
);

export function ggufValueTypeName(id: number): GgufValueTypeName | undefined {
  return typeNameById.get(id);
}

/** Bytes one value of a fixed-size type takes; strings are 8 (their length) plus their bytes. */
export const fixedItemSize: Record<Exclude<GgufItemType, 'string'>, number> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  bool: 1,
  uint64: 8,
  int64: 8,
  float64: 8,
};

/** Short constructors so metadata reads like the file: `gguf.uint32(2048)`, `gguf.strings(tokens)`. */
export const gguf = {
  uint8: (value: number): GgufValue => ({ type: 'uint8', value }),
  int8: (value: number): GgufValue => ({ type: 'int8', value }),
  uint16: (value: number): GgufValue => ({ type: 'uint16', value }),
  int16: (value: number): GgufValue => ({ type: 'int16', value }),
  uint32: (value: number): GgufValue => ({ type: 'uint32', value }),
  int32: (value: number): GgufValue => ({ type: 'int32', value }),
  float32: (value: number): GgufValue => ({ type: 'float32', value }),
  float64: (value: number): GgufValue => ({ type: 'float64', value }),
  uint64: (value: bigint): GgufValue => ({ type: 'uint64', value }),
  int64: (value: bigint): GgufValue => ({ type: 'int64', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  string: (value: string): GgufValue => ({ type: 'string', value }),
  numbers: (itemType: GgufNumberType, value: readonly number[]): GgufValue => ({ type: 'array', itemType, value }),
  bigints: (itemType: GgufBigIntType, value: readonly bigint[]): GgufValue => ({ type: 'array', itemType, value }),
  bools: (value: readonly boolean[]): GgufValue => ({ type: 'array', itemType: 'bool', value }),
  strings: (value: readonly string[]): GgufValue => ({ type: 'array', itemType: 'string', value }),
};
