// The compiler's output, which the planner consumes: rules with resolved paths and kinds, bodies
// whose vars are unique per scope, refs to rules rewritten to `data.` refs, calls resolved to
// builtins or `data.` functions, and bodies reordered so each expression's inputs are bound.
import type { Body, Location, Term } from '../ast.ts';
import { RegoError, type RegoErrorCode } from '../errors.ts';

export type RuleKind = 'complete' | 'set' | 'object' | 'function';

export interface CompiledRule {
  /** Full path under data: ["a", "b", "p"] for data.a.b.p. */
  path: string[];
  kind: RuleKind;
  /** Set element (kind set) or object key (kind object). */
  key?: Term;
  /** Object rules with a general ref head (`p[q].r.s := v`): the keys below `key`. */
  keySuffix?: Term[];
  /** Multi-value rules with a general ref head: `value` is added to a set at the keys. */
  leafSet?: boolean;
  /** Value of complete rules, partial objects and functions. */
  value?: Term;
  args?: Term[];
  body: Body;
  default: boolean;
  else?: CompiledRule;
  location: Location;
}

export interface CompiledModules {
  rules: CompiledRule[];
  /** Package paths of all modules (an empty package still shows up as an empty object). */
  packages: string[][];
}

export function compileError(code: RegoErrorCode, reason: string, loc?: Location): RegoError {
  return new RegoError(code, reason, loc ? { file: loc.file, row: loc.row, col: loc.col } : undefined);
}

export const pathString = (path: string[]): string => ['data', ...path].join('.');
