/** What every bench section gets: the synthetic file of this run and the figures so far. */
export interface BenchContext {
  /** The synthetic canonical JSONL file (in bench-data/, git-ignored). */
  file: string;
  bytes: number;
  items: number;
  /** The bundled scan worker (dist/scanWorker.js, built by the bench), as the extension and the CLI run it. */
  scanWorker: string;
  /** How many times each timed measure runs; the median is reported. */
  repeats: number;
  /** `--formats jsonl,eval,json`: the inputs of the formats section to measure (default: all); fewer files to write at 1 GB. */
  formats?: readonly string[];
  /** Figures of the sections that ran before, by key. */
  figures: Record<string, number | string>;
  /** Progress for the person waiting (stderr; silent with --json). */
  log(line: string): void;
}

/** One measured figure: a row of a table in docs/performance.md, a key of `--json`. */
export interface BenchFigure {
  key: string;
  label: string;
  value: number | string;
  unit?: string;
  /** The target or the comparison it is judged against. */
  note?: string;
}

/** A group of measures; sections live in test/bench/sections/, one file each. */
export interface BenchSection {
  name: string;
  title: string;
  run(context: BenchContext): Promise<BenchFigure[]>;
}
