import type {
  CanonicalRole,
  CanonicalRow,
  ColumnMapping,
  DatasetFormat,
  DatasetKind,
  ProblemCode,
  TagMapping,
} from '../../shared/contract/datasets.ts';
import type { ProblemReason } from '../../shared/contract/datasetProblemReasons.ts';
import type { RoleResolver } from './roleNames.ts';

/** How to read every record of one file: the format, what kind of rows it gives, and the column and role maps. */
export interface RowPlan {
  readonly format: DatasetFormat;
  readonly kind: DatasetKind;
  readonly columns: ColumnMapping;
  readonly tags: TagMapping;
  readonly roles: Readonly<Record<string, CanonicalRole>>;
  /** KTO data read as SFT (kind `sft`): desirable rows become conversations, undesirable ones are refused. */
  readonly desirableOnly?: boolean;
  /** Values for `{{name}}` placeholders; names without one stay as written and are reported. */
  readonly placeholders?: Readonly<Record<string, string>>;
  /** The user chose to import unfilled placeholders literally. */
  readonly keepPlaceholders?: boolean;
}

/** A problem inside one record; the caller adds the line and array index. */
export interface RecordProblem {
  readonly path: string;
  readonly code: ProblemCode;
  readonly message: string;
  /** The same as a key and params, for the UI to say in its language. */
  readonly reason: ProblemReason;
}

/** Where each part of a canonical message came from in the file, so later checks can point at it. */
export interface MessagePaths {
  readonly message: string;
  readonly role: string;
  readonly content: string;
}

export interface RowPaths {
  readonly row: string;
  /** The field holding the turn list, the chosen answer, etc.; the row's path when there is no such field. */
  readonly messagesField: string;
  readonly chosenField: string;
  readonly rejectedField: string;
  readonly textField: string;
  readonly messages: readonly MessagePaths[];
  readonly prompt: readonly MessagePaths[];
  readonly chosen: readonly MessagePaths[];
  readonly rejected: readonly MessagePaths[];
}

export interface ConvertedRecord {
  /** Null when the record could not be read into the canonical shape at all. */
  readonly row: CanonicalRow | null;
  readonly paths: RowPaths;
  readonly problems: RecordProblem[];
  /** Placeholder names the row held (filled or not) and those left unfilled. */
  readonly placeholders?: { readonly found: readonly string[]; readonly unfilled: readonly string[] };
}

export interface ConvertContext {
  readonly plan: RowPlan;
  readonly role: RoleResolver;
  readonly problems: RecordProblem[];
}

export const emptyPaths = (row: string): RowPaths => ({
  row,
  messagesField: row,
  chosenField: row,
  rejectedField: row,
  textField: row,
  messages: [],
  prompt: [],
  chosen: [],
  rejected: [],
});

export const sameForAll = (path: string): MessagePaths => ({ message: path, role: path, content: path });

/** The canonical kind of row each dataset kind holds. */
const rowKinds: Readonly<Record<DatasetKind, CanonicalRow['kind']>> = { sft: 'conversation', preference: 'preference', pretrain: 'text', kto: 'kto' };
export const rowKindOf = (kind: DatasetKind): CanonicalRow['kind'] => rowKinds[kind];

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const describeType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'text' : `a ${typeof value}`;
