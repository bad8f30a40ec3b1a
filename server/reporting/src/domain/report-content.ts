// The format-neutral content of a generated report: what the CSV and PDF renderers draw. Every
// cell is already formatted text (formatting happens once, at this edge); charts carry plain
// numbers because they are drawings, never money that is added up. Invariant: every row of a
// table has exactly one cell per column.

/** One column of a table. */
export interface Column {
  key: string;
  label: string;
  /** Numbers are right-aligned in the PDF. */
  numeric: boolean;
}

/** A table: the CSV holds the report's `csvTable`, the PDF every table. */
export interface Table {
  title: string;
  columns: Column[];
  rows: string[][];
}

/** A line chart over time. */
export interface Chart {
  title: string;
  /** How the y axis labels are written. */
  unit: 'money' | 'percent';
  /** Epoch milliseconds. */
  times: number[];
  values: number[];
  /** Drawdown charts are filled down from zero. */
  area: boolean;
}

/** Everything one report version shows. */
export interface ReportContent {
  title: string;
  /** Lines under the title: account, period, generation time. */
  subtitle: string[];
  /** Label/value pairs shown before the charts. */
  summary: Array<[string, string]>;
  charts: Chart[];
  tables: Table[];
  /** Index into `tables` of the table the CSV output holds. */
  csvTable: number;
  /** Lines printed after the tables (definitions, known limits). */
  notes: string[];
}
