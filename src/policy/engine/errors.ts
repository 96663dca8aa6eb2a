// Typed errors of the policy engine. Codes follow OPA's (rego_*_error at compile time,
// eval_*_error at evaluation time) so callers and conformance checks can match on `code`.

export interface SourceLocation {
  file: string;
  row: number;
  col: number;
}

export class PolicyError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One compile problem, as OPA reports it: `file:row:col: code: message`. */
export interface CompileProblem {
  code: string;
  message: string;
  location?: SourceLocation;
}

export class CompileError extends PolicyError {
  readonly problems: CompileProblem[];
  readonly location?: SourceLocation;
  constructor(problems: CompileProblem[]) {
    const first = problems[0] ?? { code: 'rego_compile_error', message: 'compilation failed' };
    super(first.code, problems.map(formatProblem).join('\n'));
    this.problems = problems;
    this.location = first.location;
  }
}

export function formatProblem(p: CompileProblem): string {
  const where = p.location ? `${p.location.file}:${p.location.row}:${p.location.col}: ` : '';
  return `${where}${p.code}: ${p.message}`;
}

export class EvalError extends PolicyError {}
export class EvalConflictError extends EvalError {
  constructor(message: string) {
    super('eval_conflict_error', message);
  }
}
export class EvalTypeError extends EvalError {
  constructor(message: string) {
    super('eval_type_error', message);
  }
}
export class EvalBuiltinError extends EvalError {
  constructor(message: string) {
    super('eval_builtin_error', message);
  }
}

export type LimitKind = 'time' | 'steps' | 'memory' | 'stack';

/** A limit stopped the evaluation. A timeout carries OPA's cancellation code. */
export class EvalLimitError extends EvalError {
  readonly limit: LimitKind;
  constructor(limit: LimitKind, message: string) {
    super(limit === 'time' || limit === 'steps' ? 'eval_cancel_error' : 'eval_resource_error', message);
    this.limit = limit;
  }
}

/** A bundle or wasm module that cannot be loaded. */
export class BundleError extends PolicyError {
  constructor(message: string) {
    super('bundle_error', message);
  }
}

// the first error code in the message (a builtin's own text after it may quote another, e.g. rego.parse_module's)
const CODE_PREFIX = /^(?:.*?: )??(eval_[a-z_]+_error|rego_[a-z_]+_error): ?(.*)$/s;

/** Maps whatever a wasm evaluation threw (an abort string, a builtin's error, a trap) to a typed error. */
export function toEvalError(thrown: unknown, memoryAtLimit = false): EvalError {
  if (thrown instanceof EvalError) return thrown;
  const message = messageOf(thrown);
  if (thrown instanceof RangeError && /call stack/i.test(message)) {
    return new EvalLimitError('stack', `evaluation exceeded the maximum stack depth: ${message}`);
  }
  if (memoryAtLimit || /out of memory/i.test(message) || (thrown instanceof RangeError && /memory/i.test(message))) {
    return new EvalLimitError('memory', `evaluation exceeded the memory limit: ${message}`);
  }
  const m = CODE_PREFIX.exec(message);
  const code = m ? m[1] : classify(message);
  return byCode(code, message);
}

export function byCode(code: string, message: string): EvalError {
  switch (code) {
    case 'eval_conflict_error':
      return new EvalConflictError(message);
    case 'eval_type_error':
      return new EvalTypeError(message);
    case 'eval_builtin_error':
      return new EvalBuiltinError(message);
    case 'eval_cancel_error':
      return new EvalLimitError(/step limit/.test(message) ? 'steps' : 'time', message);
    default:
      return new EvalError(code, message);
  }
}

// Abort messages of modules built by the real `opa build -t wasm` carry no code; these are its texts.
function classify(message: string): string {
  if (/conflict|multiple outputs/i.test(message)) return 'eval_conflict_error';
  if (/^not implemented: built-in function/.test(message)) return 'eval_builtin_error';
  if (/type/i.test(message) && /illegal|expected|operand/i.test(message)) return 'eval_type_error';
  return 'eval_internal_error';
}

export function messageOf(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  if (thrown instanceof Error) return thrown.message;
  if (thrown && typeof thrown === 'object' && 'message' in thrown) return String((thrown as { message: unknown }).message);
  return String(thrown);
}

/** Serialisable form, for errors crossing a worker boundary. */
export interface ErrorRecord {
  name: string;
  code: string;
  message: string;
  limit?: LimitKind;
}

export function toRecord(e: EvalError): ErrorRecord {
  return { name: e.name, code: e.code, message: e.message, limit: e instanceof EvalLimitError ? e.limit : undefined };
}

export function fromRecord(r: ErrorRecord): EvalError {
  if (r.limit) return new EvalLimitError(r.limit, r.message);
  return byCode(r.code, r.message);
}
