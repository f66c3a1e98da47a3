const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextEncoder();

export const bytesToHex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

export const hexToBytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

export const utf8Bytes = (text: string): Uint8Array => utf8.encode(text);

/**
 * The bytes as text when they are complete UTF-8 on their own, otherwise null. A byte-level BPE token can hold
 * one byte of a three-byte Chinese character; decoding it leniently would show U+FFFD and hide what the token is.
 */
export function completeUtf8Text(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}
