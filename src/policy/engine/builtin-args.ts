// Operand checks shared by the host builtins, with OPA's messages: a wrong operand type is an
// eval_type_error, anything else a builtin raises is an eval_builtin_error.

export type HostBuiltin = (...args: unknown[]) => unknown;

/** Thrown by a host builtin; the engine turns it into an EvalBuiltinError (or undefined when not strict). */
export class HostBuiltinError extends Error {}

/** An operand of the wrong type: OPA reports these as eval_type_error. */
export class HostTypeError extends HostBuiltinError {}

export function str(v: unknown, name: string, pos: number): string {
  if (typeof v !== 'string') throw new HostTypeError(`${name}: operand ${pos} must be string but got ${typeName(v)}`);
  return v;
}

export function num(v: unknown, name: string, pos: number): number {
  if (typeof v !== 'number') throw new HostTypeError(`${name}: operand ${pos} must be number but got ${typeName(v)}`);
  return v;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** A string, or the strings of an array or set (sets arrive as arrays). */
export function strings(v: unknown, name: string, pos: number): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.map((x) => str(x, name, pos));
  throw new HostTypeError(`${name}: operand ${pos} must be one of {string, array, set} but got ${typeName(v)}`);
}

