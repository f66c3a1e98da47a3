/**
 * GPT-2's byte-to-unicode table: every byte gets a printable character so a token's text is a plain string
 * (llama.cpp's unicode_byte_to_utf8 uses the same table). Printable Latin-1 bytes stand for themselves; the
 * others (controls, space, 0x7F–0xA0, 0xAD) map to U+0100 upwards in byte order, so a space is 'Ġ'.
 */
function buildTable(): string[] {
  const table = new Array<string>(256);
  const printable = (byte: number) => (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  let next = 0;
  for (let byte = 0; byte < 256; byte++) {
    table[byte] = String.fromCodePoint(printable(byte) ? byte : 256 + next++);
  }
  return table;
}

export const byteToUnicode: readonly string[] = buildTable();

const unicodeToByte = new Map<string, number>(byteToUnicode.map((character, byte) => [character, byte]));

/** Token text (byte-level characters) of some bytes. */
export function bytesToTokenText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byteToUnicode[byte];
  return text;
}

/** The bytes a byte-level token text stands for; null when a character is not in the table. */
export function tokenTextToBytes(text: string): Uint8Array | null {
  const bytes: number[] = [];
  for (const character of text) {
    const byte = unicodeToByte.get(character);
    if (byte === undefined) return null;
    bytes.push(byte);
  }
  return Uint8Array.from(bytes);
}
