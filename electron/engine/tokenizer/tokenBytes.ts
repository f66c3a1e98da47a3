const utf8 = new TextEncoder();

export const bytesToHex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

export const hexToBytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

export const utf8Bytes = (text: string): Uint8Array => utf8.encode(text);

/**
 * Length of the valid UTF-8 sequence starting at `at`, or 0 when the bytes there are not one (a stray
 * continuation byte, an overlong form, a surrogate, or a sequence cut off by the end of the token).
 */
export function utf8SequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] as number;
  if (lead < 0x80) return 1;
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) min = 0xa0;
    if (lead === 0xed) max = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) min = 0x90;
    if (lead === 0xf4) max = 0x8f;
  } else return 0;
  if (at + length > bytes.length) return 0;
  for (let i = 1; i < length; i++) {
    const byte = bytes[at + i] as number;
    if (byte < (i === 1 ? min : 0x80) || byte > (i === 1 ? max : 0xbf)) return 0;
  }
  return length;
}

/**
 * The bytes as text when they are complete UTF-8 on their own, otherwise null. A byte-level BPE token can hold
 * one byte of a three-byte Chinese character; decoding it leniently would show U+FFFD and hide what the token is.
 */
export function completeUtf8Text(bytes: Uint8Array): string | null {
  for (let at = 0; at < bytes.length; ) {
    const length = utf8SequenceLength(bytes, at);
    if (length === 0) return null;
    at += length;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
