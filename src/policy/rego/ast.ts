// The Rego abstract syntax tree, modelled on OPA's `ast` package (v1/ast/policy.go, term.go).
// The parser (parser.ts) produces it; compiler passes and the planner consume it.
// Every node is plain data (JSON-serialisable, `structuredClone`-able) and carries a Location.
// Discriminators are named `type` and use the names of OPA's JSON AST where one exists
// ("ref", "var", "call", "arraycomprehension", ...), so dumps are easy to compare with OPA's.
// Operators are already calls of OPA builtins here (`x == y` is `equal(x, y)`).

/** Where a node starts in its source. Rows and columns count from 1; columns count characters. */
export interface Location {
  file: string;
  row: number;
  col: number;
  /** The source text of the node when the parser knows it cheaply (terms, exprs, rules). */
  text?: string;
}

// ---------------------------------------------------------------------------------------------
// Values and terms

export interface NullValue {
  type: 'null';
}

export interface BooleanValue {
  type: 'boolean';
  value: boolean;
}

/**
 * A number. `text` is the exact source spelling (e.g. "12345678901234567890", "1e3", "-0.5"),
 * normalised only by the sign of a negated literal, so integers beyond 2^53 survive exactly.
 * `value` is the nearest JS double, for convenience.
 */
export interface NumberValue {
  type: 'number';
  text: string;
  value: number;
}

/** A string; `value` is decoded (escapes resolved; raw `backtick` strings taken verbatim). */
export interface StringValue {
  type: 'string';
  value: string;
}

/**
 * A variable. `_` is the wildcard; the parser gives each `_` a unique name `$N`
 * (as OPA's `$0`, `$1`, ... wildcards) so later passes can treat it as an ordinary fresh var.
 */
export interface VarValue {
  type: 'var';
  name: string;
}

/**
 * A reference: a head term (usually a var such as `input`, `data`, a local, or a
 * composite/call for `[1,2][0]`, `f(x).y`) followed by path terms. `a.b[c]["d"]` is
 * [var a, string "b", var c, string "d"]: dotted parts become string terms.
 */
export interface RefValue {
  type: 'ref';
  terms: Term[];
}

export interface ArrayValue {
  type: 'array';
  items: Term[];
}

/** Object literal: key/value pairs in source order (duplicates are a compiler concern). */
export interface ObjectValue {
  type: 'object';
  items: Array<[Term, Term]>;
}

/** Set literal `{1, 2}` or `set()`; items in source order. `{}` is an empty object, not a set. */
export interface SetValue {
  type: 'set';
  items: Term[];
}

export interface ArrayComprehension {
  type: 'arraycomprehension';
  term: Term;
  body: Body;
}

export interface SetComprehension {
  type: 'setcomprehension';
  term: Term;
  body: Body;
}

export interface ObjectComprehension {
  type: 'objectcomprehension';
  key: Term;
  value: Term;
  body: Body;
}

/**
 * A call used as a term (nested call, or an operator inside a term): `count(x)` in `y := count(x)`,
 * `a + b` in `c := a + b`. `operator` is a ref term naming the function (`count`, `plus`,
 * `data.lib.f`, `strings.any_prefix_match`, ...).
 */
export interface CallValue {
  type: 'call';
  operator: Term;
  args: Term[];
}

/** A literal piece of a template string, already unescaped. */
export interface TemplateText {
  type: 'text';
  value: string;
}

/** A `{...}` part of a template string. */
export interface TemplateExpr {
  type: 'expr';
  expr: Expr;
}

/** `$"a {x} b"` / `` $`a {x} b` `` (OPA string interpolation). */
export interface TemplateString {
  type: 'templatestring';
  parts: Array<TemplateText | TemplateExpr>;
  /** True for the raw (backtick) form. */
  multiLine: boolean;
}

export type Value =
  | NullValue
  | BooleanValue
  | NumberValue
  | StringValue
  | VarValue
  | RefValue
  | ArrayValue
  | ObjectValue
  | SetValue
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension
  | CallValue
  | TemplateString;

export type ValueType = Value['type'];

/** A value with its source location. */
export interface Term<V extends Value = Value> {
  value: V;
  location: Location;
}

// ---------------------------------------------------------------------------------------------
// Expressions and bodies

/** `with target as value`. `target` is a ref term (`input.x`, `data.a.b`, a builtin/function ref). */
export interface With {
  target: Term;
  value: Term;
  location: Location;
}

/**
 * `some x, y` declares locals: each symbol is a var term.
 * `some x in xs` / `some k, v in xs`: a single symbol, a call term of `internal.member_2(x, xs)`
 * or `internal.member_3(k, v, xs)` (as OPA does).
 */
export interface SomeDecl {
  type: 'some';
  symbols: Term[];
  location: Location;
}

/** `every v in xs { body }` / `every k, v in xs { body }`. */
export interface Every {
  type: 'every';
  key?: Term;
  value: Term;
  domain: Term;
  body: Body;
  location: Location;
}

/** A single term used as an expression (`x`, `input.allowed`, `true`, `f(x)` is a CallExpr). */
export interface TermExpr {
  type: 'term';
  term: Term;
}

/** A call used as an expression: `eq(x, 1)` for `x = 1`, `count(xs)`, `data.lib.f(x)`. */
export interface CallExpr {
  type: 'call';
  operator: Term;
  args: Term[];
}

/**
 * Explicit bodies and logical operators between literals. `not { a; b }` comes from
 * `import future.keywords.not` (Rego v1); `a and b`, `a or b` and groups `( ... )` from OPA's
 * unreleased `future.keywords.and` / `.or`, accepted only with the parser option
 * `experimentalKeywords` (OPA's test cases flag them `experimental_keywords`). Operands are
 * literals, explicit bodies `{ a := 1; a > 0 }` or parenthesised groups. `and` binds tighter than `or`; `not` tighter
 * than both. Each operand is a body with its own scope: it may read outer vars, binds nothing
 * outside, and the whole expression succeeds at most once: when every operand (`and`) or some
 * operand (`or`) is satisfiable. A lone explicit body (`not { a; b }`) is an `and` of one operand.
 * A `with` written after a chain (`a or b with input as x`) applies to the whole expression.
 */
export interface LogicalExpr {
  type: 'and' | 'or';
  operands: Body[];
  location: Location;
}

export type ExprTerms = TermExpr | CallExpr | SomeDecl | Every | LogicalExpr;

export interface Expr {
  terms: ExprTerms;
  /** `not expr`. */
  negated: boolean;
  with: With[];
  /** Position in the enclosing body (0-based). */
  index: number;
  location: Location;
  /** Set on expressions made by the parser/compiler rather than written by the user. */
  generated?: boolean;
}

/** A conjunction of expressions; a query is a Body too. */
export type Body = Expr[];

// ---------------------------------------------------------------------------------------------
// Rules and modules

/**
 * A rule head. `reference` is the full rule path relative to the package:
 *   `p := 1`                      reference [var p], value 1, assign
 *   `p.q.r[x] := 1`               reference [var p, "q", "r", var x], value 1 (single-value, ref head)
 *   `p[x] = y` (v0)               reference [var p, var x], value y (partial object)
 *   `p contains x` / v0 `p[x]`    reference [var p], key x, no value (multi-value / partial set)
 *   `f(x, 1) := y`                reference [var f], args [x, 1], value y
 *   `p if { ... }` / v0 `p { }`   reference [var p], value true (implicit)
 * `name` is the first reference var when the reference is a single var (OPA's Head.Name),
 * otherwise "".
 */
export interface Head {
  name: string;
  reference: Term[];
  args?: Term[];
  /** Only for multi-value (partial set) rules: the element term. */
  key?: Term;
  /** For single-value rules and functions; an implicit `true` when the source gives none. */
  value?: Term;
  /** `:=` was used (`=` or implicit otherwise). */
  assign: boolean;
  /** The `contains` keyword was used. */
  contains: boolean;
  /** The `if` keyword was used before the body. */
  if: boolean;
  location: Location;
}

/**
 * A rule. A rule without a body gets the body `true` (one generated expr), as in OPA.
 * `else` chains: `p := 1 if { a } else := 2 if { b } else := 3` is a rule whose `else`
 * holds the next rule (same reference/args; its value defaults to `true` when omitted).
 */
export interface Rule {
  head: Head;
  body: Body;
  else?: Rule;
  default: boolean;
  location: Location;
}

/** `package a.b`: path is [var data, "a", "b"] (as OPA stores it). */
export interface Package {
  path: Term[];
  location: Location;
}

/** `import data.a.b as c`, `import input.x`, `import future.keywords.in`, `import rego.v1`. */
export interface Import {
  /** Always a ref (`import input` is the ref [var input]); path parts after the head are strings. */
  path: Term<RefValue>;
  alias?: string;
  location: Location;
}

export interface Comment {
  text: string;
  location: Location;
}

export interface Module {
  package: Package;
  imports: Import[];
  rules: Rule[];
  comments: Comment[];
  /** Syntax the module was parsed with: 1 for v1 files and for v0 files with `import rego.v1`. */
  regoVersion: 0 | 1;
}

/** Any AST node the walker knows. */
export type Node = Module | Package | Import | Rule | Head | Body | Expr | Term | With | SomeDecl | Every;
