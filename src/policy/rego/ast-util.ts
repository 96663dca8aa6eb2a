// Constructors, predicates and printing for AST nodes, shared by the parser and compiler passes.

import type { Body, Expr, ExprTerms, Head, Location, Rule, Term, Value } from './ast.ts';

export const noLocation: Location = { file: '', row: 0, col: 0 };

export function term<V extends Value>(value: V, location: Location = noLocation): Term<V> {
  return { value, location };
}

export const nullTerm = (loc?: Location) => term({ type: 'null' }, loc);
export const boolTerm = (v: boolean, loc?: Location) => term({ type: 'boolean', value: v }, loc);
export const stringTerm = (v: string, loc?: Location) => term({ type: 'string', value: v }, loc);
export const varTerm = (name: string, loc?: Location) => term({ type: 'var', name }, loc);
export const numberTerm = (text: string, loc?: Location) =>
  term({ type: 'number', text, value: Number(text) }, loc);
export const refTerm = (terms: Term[], loc?: Location) => term({ type: 'ref', terms }, loc ?? terms[0]?.location);
export const arrayTerm = (items: Term[], loc?: Location) => term({ type: 'array', items }, loc);
export const setTerm = (items: Term[], loc?: Location) => term({ type: 'set', items }, loc);
export const objectTerm = (items: Array<[Term, Term]>, loc?: Location) => term({ type: 'object', items }, loc);

/** A ref term for a dotted builtin/function name: `internal.member_2` -> [var internal, "member_2"]. */
export function nameRef(name: string, loc?: Location): Term {
  const [head, ...rest] = name.split('.');
  if (rest.length === 0) return refTerm([varTerm(head!, loc)], loc);
  return refTerm([varTerm(head!, loc), ...rest.map((p) => stringTerm(p, loc))], loc);
}

export function callTerm(name: string | Term, args: Term[], loc?: Location): Term {
  const operator = typeof name === 'string' ? nameRef(name, loc) : name;
  return term({ type: 'call', operator, args }, loc ?? operator.location);
}

export function makeExpr(terms: ExprTerms, location: Location, index = 0): Expr {
  return { terms, negated: false, with: [], index, location };
}

export function callExpr(name: string | Term, args: Term[], loc: Location): Expr {
  const operator = typeof name === 'string' ? nameRef(name, loc) : name;
  return makeExpr({ type: 'call', operator, args }, loc);
}

export function termExpr(t: Term): Expr {
  return makeExpr({ type: 'term', term: t }, t.location);
}

/** Re-numbers `index` of each expr to its position. */
export function reindex(body: Body): Body {
  body.forEach((e, i) => (e.index = i));
  return body;
}

export const isWildcardName = (name: string) => name.startsWith('$');

/**
 * The dotted name of a ref whose head is a var and whose path is only strings that are valid
 * identifiers (`data.a.b`, `count`, `strings.any_prefix_match`); undefined otherwise.
 */
export function refName(t: Term): string | undefined {
  const v = t.value;
  if (v.type === 'var') return v.name;
  if (v.type !== 'ref') return undefined;
  const [head, ...rest] = v.terms;
  if (!head || head.value.type !== 'var') return undefined;
  let out = head.value.name;
  for (const p of rest) {
    if (p.value.type !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value.value)) return undefined;
    out += '.' + p.value.value;
  }
  return out;
}

/** OPA's rule kinds: multi-value rules build a set, everything else defines one value per key. */
export function ruleKind(h: Head): 'single' | 'multi' {
  return h.key !== undefined && h.value === undefined ? 'multi' : 'single';
}

export const isFunction = (r: Rule): boolean => r.head.args !== undefined;

/** Infix spellings of operator builtins, for printing. */
const infix: Record<string, string> = {
  eq: '=', assign: ':=', equal: '==', neq: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=',
  plus: '+', minus: '-', mul: '*', div: '/', rem: '%', and: '&', or: '|',
};

/** Rego-like text of a term (for messages and tests; not a round-trip formatter). */
export function termToString(t: Term): string {
  const v = t.value;
  switch (v.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(v.value);
    case 'number':
      return v.text;
    case 'string':
      return JSON.stringify(v.value);
    case 'var':
      return v.name;
    case 'ref':
      return refToString(v.terms);
    case 'array':
      return `[${v.items.map(termToString).join(', ')}]`;
    case 'set':
      return v.items.length === 0 ? 'set()' : `{${v.items.map(termToString).join(', ')}}`;
    case 'object':
      return `{${v.items.map(([k, x]) => `${termToString(k)}: ${termToString(x)}`).join(', ')}}`;
    case 'arraycomprehension':
      return `[${termToString(v.term)} | ${bodyToString(v.body)}]`;
    case 'setcomprehension':
      return `{${termToString(v.term)} | ${bodyToString(v.body)}}`;
    case 'objectcomprehension':
      return `{${termToString(v.key)}: ${termToString(v.value)} | ${bodyToString(v.body)}}`;
    case 'call':
      return callToString(v.operator, v.args);
    case 'templatestring':
      return '$"' + v.parts.map((p) => (p.type === 'text' ? p.value.replace(/[{"\\]/g, '\\$&') : `{${exprToString(p.expr)}}`)).join('') + '"';
  }
}

function callToString(op: Term, args: Term[]): string {
  const name = refName(op);
  const sym = name !== undefined ? infix[name] : undefined;
  if (sym && args.length === 2) return `${termToString(args[0]!)} ${sym} ${termToString(args[1]!)}`;
  if (name === 'internal.member_2' && args.length === 2) return `${termToString(args[0]!)} in ${termToString(args[1]!)}`;
  if (name === 'internal.member_3' && args.length === 3)
    return `${termToString(args[0]!)}, ${termToString(args[1]!)} in ${termToString(args[2]!)}`;
  return `${termToString(op)}(${args.map(termToString).join(', ')})`;
}

export function refToString(terms: Term[]): string {
  const [head, ...rest] = terms;
  if (!head) return '';
  let out = termToString(head);
  for (const p of rest) {
    if (p.value.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value.value)) out += '.' + p.value.value;
    else out += `[${termToString(p)}]`;
  }
  return out;
}

export function exprToString(e: Expr): string {
  const t = e.terms;
  let s: string;
  switch (t.type) {
    case 'term':
      s = termToString(t.term);
      break;
    case 'call':
      s = callToString(t.operator, t.args);
      break;
    case 'some':
      s = `some ${t.symbols.map(termToString).join(', ')}`;
      break;
    case 'every': {
      const kv = t.key ? `${termToString(t.key)}, ${termToString(t.value)}` : termToString(t.value);
      s = `every ${kv} in ${termToString(t.domain)} { ${bodyToString(t.body)} }`;
      break;
    }
    case 'and':
    case 'or':
      s = t.operands.map((b) => `{ ${bodyToString(b)} }`).join(` ${t.type} `);
      break;
  }
  if (e.negated) s = 'not ' + s;
  for (const w of e.with) s += ` with ${termToString(w.target)} as ${termToString(w.value)}`;
  return s;
}

export function bodyToString(b: Body): string {
  return b.map(exprToString).join('; ');
}

/** True when no term after the head of the ref contains a var (OPA's Ref.IsGround). */
export function isGroundPath(ref: Term[]): boolean {
  return ref.slice(1).every(isGround);
}

export function isGround(t: Term): boolean {
  const v = t.value;
  switch (v.type) {
    case 'var':
      return false;
    case 'ref':
      return isGroundPath(v.terms);
    case 'array':
    case 'set':
      return v.items.every(isGround);
    case 'object':
      return v.items.every(([k, x]) => isGround(k) && isGround(x));
    case 'call':
      return v.args.every(isGround);
    case 'arraycomprehension':
    case 'setcomprehension':
    case 'objectcomprehension':
    case 'templatestring':
      return false;
    default:
      return true;
  }
}
