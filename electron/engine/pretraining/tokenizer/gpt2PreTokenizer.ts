/**
 * The pre-tokenizer llama.cpp applies for `tokenizer.ggml.pre = "gpt-2"`: the regex
 *   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 * as llama.cpp runs it (src/unicode.cpp, unicode_regex_split_custom_gpt2), reimplemented so our tokenization
 * equals llama.cpp's token for token. Two details differ from a JavaScript regex and are mirrored here:
 * "whitespace" is llama.cpp's own set (it includes U+0085, excludes U+FEFF), and anything that is not a letter,
 * number or whitespace — including unassigned code points — belongs to the "other" class.
 *
 * Works on UTF-8 bytes so any input, valid or not, splits into pieces that cover it exactly: a byte that is not
 * part of a valid UTF-8 sequence is its own "other" character (llama.cpp never sees such input: strings reach it
 * as valid UTF-8).
 */

const CharClass = { Letter: 1, Number: 2, Whitespace: 3, Other: 4 } as const;
type CharClass = (typeof CharClass)[keyof typeof CharClass];

const whitespace = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
const letterPattern = /^\p{L}$/u;
const numberPattern = /^\p{N}$/u;

/** Class cache for the Basic Multilingual Plane; rarer code points are classified each time. */
const bmpClasses = new Uint8Array(0x10000);

function classify(codePoint: number): CharClass {
  if (codePoint < 0) return CharClass.Other;
  if (codePoint < 0x10000) {
    const cached = bmpClasses[codePoint]!;
    if (cached !== 0) return cached as CharClass;
  }
  const character = String.fromCodePoint(codePoint);
  const result = whitespace.has(codePoint)
    ? CharClass.Whitespace
    : letterPattern.test(character)
      ? CharClass.Letter
      : numberPattern.test(character)
        ? CharClass.Number
        : CharClass.Other;
  if (codePoint < 0x10000) bmpClasses[codePoint] = result;
  return result;
}

interface DecodedText {
  /** Code point per character; -1 for a byte outside any valid UTF-8 sequence. */
  readonly codePoints: Int32Array;
  /** Byte offset of each character, plus the total length at the end. */
  readonly offsets: Int32Array;
}

/** Sequence length, payload bits of the lead byte and the smallest code point that length may encode; length 0: not a lead byte. */
function utf8Lead(lead: number): [number, number, number] {
  if (lead < 0x80) return [1, lead, 0];
  if (lead >= 0xc2 && lead <= 0xdf) return [2, lead & 0x1f, 0x80];
  if (lead >= 0xe0 && lead <= 0xef) return [3, lead & 0x0f, 0x800];
  if (lead >= 0xf0 && lead <= 0xf4) return [4, lead & 0x07, 0x10000];
  return [0, -1, 0];
}

/** Strict UTF-8 decoding that keeps byte offsets and turns each invalid byte into its own character. */
function decodeUtf8(bytes: Uint8Array): DecodedText {
  const codePoints = new Int32Array(bytes.length);
  const offsets = new Int32Array(bytes.length + 1);
  let count = 0;
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const [length, leadBits, min] = utf8Lead(lead);
    let codePoint = leadBits;
    let valid = length > 0 && index + length <= bytes.length;
    for (let k = 1; valid && k < length; k++) {
      const next = bytes[index + k]!;
      if ((next & 0xc0) !== 0x80) valid = false;
      else codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (valid && length > 1 && (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))) valid = false;
    offsets[count] = index;
    if (valid) {
      codePoints[count++] = codePoint;
      index += length;
    } else {
      codePoints[count++] = -1;
      index += 1;
    }
  }
  offsets[count] = bytes.length;
  return { codePoints: codePoints.subarray(0, count), offsets: offsets.subarray(0, count + 1) };
}

const apostrophe = 0x27;
const space = 0x20;

/**
 * Splits UTF-8 bytes into pre-tokens; returns the byte offset where each piece ends (the pieces cover the input
 * exactly, in order).
 */
export function gpt2PreTokenizeBytes(bytes: Uint8Array): number[] {
  const { codePoints, offsets } = decodeUtf8(bytes);
  const end = codePoints.length;
  const classAt = (pos: number): CharClass | 0 => (pos < end ? classify(codePoints[pos]!) : 0);
  const ends: number[] = [];
  let pos = 0;
  const cut = (at: number) => {
    ends.push(offsets[at]!);
    pos = at;
  };
  while (pos < end) {
    const cp = codePoints[pos]!;
    // 's|'t|'re|'ve|'m|'ll|'d
    if (cp === apostrophe && pos + 1 < end) {
      const next = codePoints[pos + 1]!;
      if (next === 0x73 || next === 0x74 || next === 0x6d || next === 0x64) {
        cut(pos + 2);
        continue;
      }
      if (pos + 2 < end) {
        const nextNext = codePoints[pos + 2]!;
        if ((next === 0x72 && nextNext === 0x65) || (next === 0x76 && nextNext === 0x65) || (next === 0x6c && nextNext === 0x6c)) {
          cut(pos + 3);
          continue;
        }
      }
    }
    // <space>?\p{L}+ | <space>?\p{N}+ | <space>?[^\s\p{L}\p{N}]+
    const kind = cp === space ? classAt(pos + 1) : classAt(pos);
    if (kind === CharClass.Letter || kind === CharClass.Number || kind === CharClass.Other) {
      let at = pos + (cp === space ? 1 : 0);
      while (classAt(at) === kind) at++;
      cut(at);
      continue;
    }
    let spaces = 0;
    while (classAt(pos + spaces) === CharClass.Whitespace) spaces++;
    // \s+(?!\S): a run followed by more text leaves its last whitespace to start the next piece.
    if (spaces > 1 && pos + spaces < end) {
      cut(pos + spaces - 1);
      continue;
    }
    if (spaces > 0) {
      cut(pos + spaces);
      continue;
    }
    cut(pos + 1);
  }
  return ends;
}
