/** One measured row: what, how much, in which unit, and the anchor it should be read against. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The reference measured in the same run (llama-bench, PEFT, a plain loop…), when there is one. */
  readonly anchor?: { readonly name: string; readonly value: number; readonly unit: string };
  readonly notes?: string;
}

export interface BenchEntry {
  readonly id: string;
  readonly description: string;
  run(): Promise<BenchRow[]>;
}
