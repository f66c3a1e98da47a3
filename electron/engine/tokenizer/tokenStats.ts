import { scriptNames, type ScriptName, type TokenStats } from '../../shared/contract/tokenizer.ts';
import { utf8SequenceLength } from './tokenBytes.ts';

const chinesePattern = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u3400-\u4dbf]/u;

/** Chinese counts CJK punctuation and full-width forms too: they travel with Chinese text. */
export function scriptOf(char: string): ScriptName {
  if (chinesePattern.test(char)) return 'chinese';
  if (/\p{Script=Latin}/u.test(char)) return 'english';
  if (/\p{Nd}/u.test(char)) return 'digits';
  if (/\s/u.test(char)) return 'whitespace';
  return 'other';
}

const scriptCache = new Map<number, ScriptName>();

function scriptOfCodePoint(codePoint: number): ScriptName {
  let script = scriptCache.get(codePoint);
  if (script === undefined) {
    script = scriptOf(String.fromCodePoint(codePoint));
    scriptCache.set(codePoint, script);
  }
  return script;
}

function codePointAt(bytes: Uint8Array, at: number, length: number): number {
  if (length === 1) return bytes[at] as number;
  let value = (bytes[at] as number) & (0xff >> (length + 1));
  for (let i = 1; i < length; i++) value = (value << 6) | ((bytes[at + i] as number) & 0x3f);
  return value;
}

/** The script of every byte of the token stream, decided by the character that byte belongs to. */
function byteScripts(bytes: Uint8Array): { scripts: ScriptName[]; chars: Record<ScriptName, number> } {
  const scripts: ScriptName[] = new Array<ScriptName>(bytes.length);
  const chars = Object.fromEntries(scriptNames.map((name) => [name, 0])) as Record<ScriptName, number>;
  for (let at = 0; at < bytes.length; ) {
    const valid = utf8SequenceLength(bytes, at);
    const length = valid === 0 ? 1 : valid;
    const script = valid === 0 ? 'other' : scriptOfCodePoint(codePointAt(bytes, at, length));
    chars[script]++;
    for (let i = 0; i < length; i++) scripts[at + i] = script;
    at += length;
  }
  return { scripts, chars };
}

/**
 * Counts, and tokens per character for each script. A token is shared among the scripts of its bytes
 * (ignoring whitespace bytes when it has others, so " hello" counts as English), which makes "Chinese costs
 * N tokens per character" meaningful for mixed text.
 */
export function computeTokenStats(text: string, tokenBytes: readonly Uint8Array[]): TokenStats {
  const total = tokenBytes.reduce((sum, bytes) => sum + bytes.length, 0);
  const stream = new Uint8Array(total);
  let offset = 0;
  for (const bytes of tokenBytes) {
    stream.set(bytes, offset);
    offset += bytes.length;
  }
  const { scripts, chars } = byteScripts(stream);
  const tokensByScript = Object.fromEntries(scriptNames.map((name) => [name, 0])) as Record<ScriptName, number>;
  offset = 0;
  for (const bytes of tokenBytes) {
    let counted = 0;
    for (let i = offset; i < offset + bytes.length; i++) if (scripts[i] !== 'whitespace') counted++;
    const onlyWhitespace = counted === 0;
    const share = 1 / (onlyWhitespace ? bytes.length : counted);
    for (let i = offset; i < offset + bytes.length; i++) {
      const script = scripts[i] as ScriptName;
      if (onlyWhitespace || script !== 'whitespace') tokensByScript[script] += share;
    }
    offset += bytes.length;
  }
  const charCount = [...text].length;
  return {
    chars: charCount,
    bytes: Buffer.byteLength(text, 'utf8'),
    tokens: tokenBytes.length,
    tokensPerChar: charCount === 0 ? null : tokenBytes.length / charCount,
    byScript: scriptNames.map((script) => ({
      script,
      chars: chars[script],
      tokens: round(tokensByScript[script]),
      tokensPerChar: chars[script] === 0 ? null : round(tokensByScript[script] / chars[script]),
    })),
  };
}

const round = (value: number): number => Math.round(value * 10_000) / 10_000;
