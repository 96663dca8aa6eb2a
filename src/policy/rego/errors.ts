// Errors raised while parsing, compiling and evaluating Rego, with OPA's error codes and
// OPA's message layout (`file:row: code: message`, or `row:col: code: message` without a file).

export type RegoErrorCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_type_error'
  | 'rego_unsafe_var_error'
  | 'rego_recursion_error'
  | 'eval_conflict_error'
  | 'eval_type_error'
  | 'eval_builtin_error'
  | 'eval_with_merge_error'
  | 'eval_cancel_error'
  | 'eval_internal_error';

export interface ErrorLocation {
  file: string;
  row: number;
  col: number;
}

/** One error, or (in `errors`) all the errors a stage found; the first is the error itself. */
export class RegoError extends Error {
  readonly code: RegoErrorCode;
  /** The message without the location/code prefix (OPA's Error.Message). */
  readonly reason: string;
  readonly location: ErrorLocation | undefined;
  /** Every error reported together with this one (this error first). */
  errors: RegoError[];
  /** For parse errors: the source line and the column index the error points at. */
  details?: { line: string; idx: number };

  constructor(code: RegoErrorCode, reason: string, location?: ErrorLocation) {
    super(formatRegoError(code, reason, location));
    this.name = 'RegoError';
    this.code = code;
    this.reason = reason;
    this.location = location ? { file: location.file, row: location.row, col: location.col } : undefined;
    this.errors = [this];
  }

  /** Throws the first of `errors`, carrying all of them. */
  static throwAll(errors: RegoError[]): never {
    const first = errors[0];
    if (!first) throw new Error('RegoError.throwAll called without errors');
    first.errors = errors;
    throw first;
  }

  /** The message followed by the source line and a caret, as OPA prints parse errors. */
  withDetails(): string {
    if (!this.details) return this.message;
    const line = this.details.line.replace(/^\t+/, '');
    const indent = Math.max(0, this.details.idx - (this.details.line.length - line.length));
    return `${this.message}\n\t${line}\n\t${' '.repeat(indent)}^`;
  }

  /** OPA's multi-error text: "1 error occurred: ..." / "N errors occurred:\n...". */
  describeAll(): string {
    if (this.errors.length <= 1) return `1 error occurred: ${this.message}`;
    return `${this.errors.length} errors occurred:\n${this.errors.map((e) => e.message).join('\n')}`;
  }
}

export function formatRegoError(code: string, reason: string, location?: ErrorLocation): string {
  let prefix = '';
  if (location) prefix = location.file ? `${location.file}:${location.row}` : `${location.row}:${location.col}`;
  return prefix ? `${prefix}: ${code}: ${reason}` : `${code}: ${reason}`;
}

export function isRegoError(e: unknown): e is RegoError {
  return e instanceof RegoError;
}
