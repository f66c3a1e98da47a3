/**
 * A row as messages name it: its number as the user counts rows (1-based, its place in the file) and the file line
 * when it has one. Pages and the CLI show the same two numbers (see DatasetProblem.row).
 */
export function rowName(row: number, line: number | null = null): string {
  return line === null ? `row ${row}` : `row ${row} (line ${line})`;
}

export const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
