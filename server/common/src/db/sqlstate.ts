// Classifying PostgreSQL errors by SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).

/**
 * True for an error caused by the data of the statement rather than by the database or the
 * connection: class 22 (data exception) or 23 (integrity constraint violation). A batch that fails
 * this way may owe it to one of its rows, so retrying the rows one by one can save the others.
 */
export function isDataError(error: unknown): boolean {
  return /^2[23]/.test(String((error as { code?: unknown } | null)?.code ?? ''));
}
