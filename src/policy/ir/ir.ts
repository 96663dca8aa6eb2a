// The intermediate representation between the Rego planner and the wasm code generator.
// Modelled on OPA's IR (v1/ir/ir.go, the output of `opa build -t plan`): a policy is a set of
// plans (one per entrypoint) and functions (one per rule group), each a list of blocks of statements.
// A block is "undefined" at its first undefined statement, which exits the block (wasm `br 0`).
// JSON field names follow OPA's plan JSON so a plan can be dumped and compared with OPA's.

/** A local variable slot of a plan or function. */
export type Local = number;

/** Reserved locals, as in OPA: every plan and function sees input in 0 and data in 1. */
export const InputLocal: Local = 0;
export const DataLocal: Local = 1;
export const UnusedLocal: Local = 2;

export type Operand =
  | { type: 'local'; value: Local }
  | { type: 'bool'; value: boolean }
  | { type: 'string_index'; value: number };

export interface Location {
  file: number;
  row: number;
  col: number;
}

interface Base {
  location?: Location;
}

export type Stmt =
  | ({ type: 'ReturnLocalStmt'; source: Local } & Base)
  | ({ type: 'CallStmt'; func: string; args: Operand[]; result: Local } & Base)
  | ({ type: 'CallDynamicStmt'; args: Local[]; result: Local; path: Operand[] } & Base)
  | ({ type: 'BlockStmt'; blocks: Block[] } & Base)
  /** Leaves `index + 1` enclosing blocks (0 = the current block, as an undefined statement does). */
  | ({ type: 'BreakStmt'; index: number } & Base)
  | ({ type: 'DotStmt'; source: Operand; key: Operand; target: Local } & Base)
  | ({ type: 'LenStmt'; source: Operand; target: Local } & Base)
  | ({ type: 'ScanStmt'; source: Local; key: Local; value: Local; block: Block } & Base)
  | ({ type: 'NotStmt'; block: Block } & Base)
  | ({ type: 'AssignIntStmt'; value: number; target: Local } & Base)
  | ({ type: 'AssignVarStmt'; source: Operand; target: Local } & Base)
  | ({ type: 'AssignVarOnceStmt'; source: Operand; target: Local } & Base)
  | ({ type: 'ResetLocalStmt'; target: Local } & Base)
  | ({ type: 'MakeNullStmt'; target: Local } & Base)
  | ({ type: 'MakeNumberIntStmt'; value: number; target: Local } & Base)
  /** `index` points into static.strings, which holds the number's exact decimal text. */
  | ({ type: 'MakeNumberRefStmt'; index: number; target: Local } & Base)
  | ({ type: 'MakeArrayStmt'; capacity: number; target: Local } & Base)
  | ({ type: 'MakeObjectStmt'; target: Local } & Base)
  | ({ type: 'MakeSetStmt'; target: Local } & Base)
  | ({ type: 'EqualStmt'; a: Operand; b: Operand } & Base)
  | ({ type: 'NotEqualStmt'; a: Operand; b: Operand } & Base)
  | ({ type: 'IsArrayStmt'; source: Operand } & Base)
  | ({ type: 'IsObjectStmt'; source: Operand } & Base)
  | ({ type: 'IsSetStmt'; source: Operand } & Base)
  | ({ type: 'IsDefinedStmt'; source: Local } & Base)
  | ({ type: 'IsUndefinedStmt'; source: Local } & Base)
  | ({ type: 'ArrayAppendStmt'; value: Operand; array: Local } & Base)
  | ({ type: 'ObjectInsertStmt'; key: Operand; value: Operand; object: Local } & Base)
  | ({ type: 'ObjectInsertOnceStmt'; key: Operand; value: Operand; object: Local } & Base)
  /** Recursive merge into a copy of `a`: objects merge, sets union, other clashes keep `a`'s value. Undefined if either is not an object. */
  | ({ type: 'ObjectMergeStmt'; a: Local; b: Local; target: Local } & Base)
  | ({ type: 'SetAddStmt'; value: Operand; set: Local } & Base)
  /**
   * Evaluates `block` with `local` (input or data) upserted at `path` (indices into static.strings)
   * to `value`, then restores the local. An empty path replaces the local (used to undo a `with`
   * for the rest of the query). Unlike BlockStmt, a WithStmt is undefined when its block is
   * (OPA's wasm backend keeps an `undefined` flag for this).
   */
  | ({ type: 'WithStmt'; local: Local; path: number[]; value: Operand; block: Block } & Base)
  | ({ type: 'NopStmt' } & Base)
  | ({ type: 'ResultSetAddStmt'; value: Local } & Base);

export type StmtType = Stmt['type'];

export interface Block {
  stmts: Stmt[];
}

/** One entrypoint. Its blocks add `{"result": x}` objects to the result set. */
export interface Plan {
  name: string; // e.g. "k8s/deny"
  blocks: Block[];
}

/** One rule group or user function, called with (input, data, ...args). */
export interface Func {
  name: string; // e.g. "g0.data.k8s.deny"
  params: Local[];
  return: Local;
  blocks: Block[];
  path?: string[];
}

export interface BuiltinFunc {
  name: string;
  /** Number of arguments (OPA stores a full type declaration here; arity is what code generation needs). */
  arity: number;
  /** OPA's relation flag: the builtin yields several results (e.g. `walk`); the planner iterates its result. */
  relation?: boolean;
}

export interface Static {
  strings: { value: string }[];
  builtin_funcs: BuiltinFunc[];
  files: { value: string }[];
}

export interface Policy {
  static: Static;
  plans: { plans: Plan[] };
  funcs: { funcs: Func[] };
}
