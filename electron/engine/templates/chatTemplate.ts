import { Environment, Interpreter, parse, tokenize } from '@huggingface/jinja';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason as errorReason } from '../../shared/contract/errorReasons.ts';
import { closingTagsFor, scanBlocks } from './templateBlocks.ts';
import { formatStrftime } from './strftime.ts';
import { lineColumnAt, scanTemplateTags, type TemplateTag } from './templateTags.ts';

type Program = ReturnType<typeof parse>;

/** The same whitespace rules transformers uses for chat templates. */
const lexerOptions = { lstrip_blocks: true, trim_blocks: true } as const;

export interface CompiledChatTemplate {
  readonly name: string;
  readonly source: string;
  readonly program: Program;
}

/** Raised by a template's own `raise_exception(...)`: its message is meant for the user as is. */
class TemplateRaisedError extends Error {}

const parseTemplate = (source: string): Program => parse(tokenize(source, lexerOptions));

/** Parses a chat template; a syntax error names the template's line and column. */
export function compileChatTemplate(source: string, name = 'chat template'): CompiledChatTemplate {
  try {
    return { name, source, program: parseTemplate(source) };
  } catch (error) {
    throw templateError(name, source, 'syntax', error, parseTemplate);
  }
}

export interface RenderContext {
  /** Fixes `strftime_now` so two renders of one conversation agree (and tests are stable). */
  readonly now?: Date;
}

/** Renders with the globals transformers gives chat templates; a failure names the line it happened on. */
export function renderChatTemplate(
  template: CompiledChatTemplate,
  variables: Readonly<Record<string, unknown>>,
  context: RenderContext = {},
): string {
  const now = context.now ?? new Date();
  const run = (program: Program): string => {
    const environment = new Environment();
    const globals: Record<string, unknown> = {
      false: false,
      true: true,
      none: null,
      False: false,
      True: true,
      None: null,
      raise_exception: (message: unknown) => {
        throw new TemplateRaisedError(String(message));
      },
      range: pythonRange,
      strftime_now: (format: unknown) => formatStrftime(now, String(format)),
    };
    for (const [key, value] of Object.entries({ ...globals, ...variables })) environment.set(key, value);
    const result = new Interpreter(environment).run(program) as { value: unknown };
    return String(result.value);
  };
  try {
    return run(template.program);
  } catch (error) {
    throw templateError(template.name, template.source, 'render', error, (prefix) => {
      let program: Program;
      try {
        program = parseTemplate(prefix);
      } catch {
        return; // a prefix that does not parse says nothing about where rendering fails
      }
      run(program);
    });
  }
}

function pythonRange(start: number, stop?: number, step = 1): number[] {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0) throw new Error('range() step must not be zero');
  const values: number[] = [];
  for (let i = from; step > 0 ? i < to : i > to; i += step) values.push(i);
  return values;
}

/**
 * Builds the user-facing error. The library's errors carry no position, so we find the tag: first by checking
 * that blocks nest, then by re-running growing prefixes of the template (each closed with the blocks still open)
 * until one fails the same way; that prefix's last tag is where the problem is.
 */
function templateError(
  name: string,
  source: string,
  phase: 'syntax' | 'render',
  error: unknown,
  probe: (prefix: string) => unknown,
): WorkbenchError {
  const libraryMessage = error instanceof Error ? error.message : String(error);
  const tags = scanTemplateTags(source);
  const unclosedIndex = tags.findIndex((tag) => !tag.closed);
  const blocks = scanBlocks(tags);
  const misplaced = phase === 'syntax' && blocks.problem?.kind === 'misplaced' ? blocks.problem : null;
  // Prefixes are only meaningful up to the first tag that breaks the block structure.
  const probeLimit = Math.min(unclosedIndex === -1 ? tags.length : unclosedIndex, misplaced ? misplaced.tagIndex : tags.length);
  let tagIndex = firstFailingTag(source, tags.slice(0, probeLimit), blocks.openAfter, probe);
  let reason = describeLibraryError(libraryMessage, error);
  if (tagIndex === null && unclosedIndex !== -1) {
    const unclosed = tags[unclosedIndex] as TemplateTag;
    tagIndex = unclosedIndex;
    reason = `this ${unclosed.kind === 'comment' ? '{#' : unclosed.kind === 'statement' ? '{%' : '{{'} tag is never closed`;
  } else if (tagIndex === null && phase === 'syntax' && blocks.problem) {
    tagIndex = blocks.problem.tagIndex;
    reason = blocks.problem.reason;
  }
  const where = tagIndex === null ? null : (tags[tagIndex] as TemplateTag);
  const position = where ? lineColumnAt(source, where.start) : null;
  const column = position && where ? refineColumn(source, where, libraryMessage, position.column) : null;
  const location = position ? `line ${position.line}, column ${column}` : 'unknown line';
  const what = phase === 'syntax' ? 'syntax error' : error instanceof TemplateRaisedError ? 'the template refused the conversation' : 'error while rendering';
  return new WorkbenchError('bad_input', `${name}, ${location}: ${what}: ${reason}`, {
    template: name,
    phase,
    line: position?.line ?? null,
    column,
    tag: where ? source.slice(where.start, Math.min(where.end, where.start + 200)) : null,
    reason,
    raisedByTemplate: error instanceof TemplateRaisedError,
  }, position ? errorReason('template_error', { template: name, line: position.line, detail: reason }) : errorReason('template_error_unknown_line', { template: name, detail: reason }));
}

function firstFailingTag(
  source: string,
  tags: readonly TemplateTag[],
  openAfter: readonly (readonly { keyword: string; tagIndex: number }[])[],
  probe: (prefix: string) => unknown,
): number | null {
  for (let index = 0; index < tags.length; index++) {
    const tag = tags[index] as TemplateTag;
    if (tag.kind === 'comment') continue;
    const prefix = source.slice(0, tag.end) + closingTagsFor(openAfter[index] ?? []);
    try {
      probe(prefix);
    } catch {
      return index;
    }
  }
  return null;
}

/** Points at the offending character when the library names it ("Unexpected character: @"). */
function refineColumn(source: string, tag: TemplateTag, message: string, tagColumn: number): number {
  const character = /Unexpected character: (.)/u.exec(message)?.[1];
  if (!character) return tagColumn;
  const at = source.slice(tag.start, tag.end).indexOf(character);
  return at === -1 ? tagColumn : lineColumnAt(source, tag.start + at).column;
}

function describeLibraryError(message: string, error: unknown): string {
  if (error instanceof TemplateRaisedError) return message;
  // The parser indexes past the end of its token list when a block is unterminated.
  if (error instanceof TypeError && /reading 'type'|reading 'value'/.test(message)) return 'unexpected end of template';
  return message;
}
