// Parsing of terms: scalars, vars, refs, calls, arrays, sets, objects, comprehensions, template
// strings, and the infix operators by precedence (lowest first): `in`, comparisons, `|`, `&`,
// `+ -`, `* / %`. Operators become calls of OPA's builtins (`a + b` is `plus(a, b)`).
// Every function returns null on failure, with an error recorded in the state.

import type { Term, TemplateExpr, TemplateText } from './ast.ts';
import { refName } from './ast-util.ts';
import type { Token, TokenKind } from './lexer.ts';
import { parseLiteral } from './parser-body.ts';
import { parseArray, parseSetOrObject, parseTermList } from './parser-collections.ts';
import type { ParserState } from './parser-state.ts';

/** Binary operator levels, from loosest to tightest binding, with the builtin each token names. */
const levels: Array<Partial<Record<TokenKind, string>>> = [
  { '==': 'equal', '!=': 'neq', '<': 'lt', '>': 'gt', '<=': 'lte', '>=': 'gte' },
  { '|': 'or' },
  { '&': 'and' },
  { '+': 'plus', '-': 'minus' },
  { '*': 'mul', '/': 'div', '%': 'rem' },
];

export const rootDocuments = new Set(['data', 'input']);

/** A term, with `x in xs` and `k, v in xs` allowed (`keyVal`: the `k, v` form is allowed). */
export function parseTermInfixCall(p: ParserState, keyVal = true): Term | null {
  return parseTermIn(p, null, keyVal, p.tok);
}

/** As parseTermInfixCall, inside a list, where `,` separates items. */
export function parseTermInfixCallInList(p: ParserState): Term | null {
  return parseTermIn(p, null, false, p.tok);
}

function opRef(p: ParserState, name: string, at: Token): Term {
  const loc = p.loc(at);
  const parts = name.split('.');
  const terms: Term[] = [{ value: { type: 'var', name: parts[0]! }, location: loc }];
  for (const s of parts.slice(1)) terms.push({ value: { type: 'string', value: s }, location: loc });
  return { value: { type: 'ref', terms }, location: loc };
}

function call(p: ParserState, op: Term, args: Term[], start: Token): Term {
  return p.term({ type: 'call', operator: op, args }, start);
}

function parseTermIn(p: ParserState, lhs: Term | null, keyVal: boolean, start: Token): Term | null {
  lhs ??= parseLevel(p, 0, null, start);
  if (!lhs) return null;
  if (keyVal && p.tk() === ',') {
    const s = p.save();
    p.advance();
    const mhs = parseLevel(p, 0, null, p.tok);
    if (mhs && p.kind() === 'in') {
      const op = opRef(p, 'internal.member_3', p.tok);
      p.advance();
      const rhs = parseLevel(p, 0, null, p.tok);
      if (rhs) {
        const c = call(p, op, [lhs, mhs, rhs], start);
        return p.kind() === 'in' ? parseTermIn(p, c, keyVal, start) : c;
      }
    }
    p.restore(s);
  }
  p.keywordAsRef();
  if (p.kind() === 'in') {
    const op = opRef(p, 'internal.member_2', p.tok);
    p.advance();
    const rhs = parseLevel(p, 0, null, p.tok);
    if (rhs) {
      const c = call(p, op, [lhs, rhs], start);
      return p.kind() === 'in' ? parseTermIn(p, c, keyVal, start) : c;
    }
  }
  return lhs;
}

/** Left-associative binary operators of one precedence level. */
function parseLevel(p: ParserState, level: number, lhs: Term | null, start: Token): Term | null {
  const next = (): Term | null => (level + 1 < levels.length ? parseLevel(p, level + 1, null, p.tok) : parseTerm(p));
  const ops = levels[level]!;
  lhs ??= next();
  while (lhs) {
    const name = ops[p.tk()];
    if (name === undefined) break;
    const op = opRef(p, name, p.tok);
    p.advance();
    const rhs = next();
    if (!rhs) break;
    lhs = call(p, op, [lhs, rhs], start);
  }
  return lhs;
}

/** One operand: a scalar, var, ref, call, collection or parenthesised expression. */
export function parseTerm(p: ParserState): Term | null {
  const start = p.tok;
  const startPos = p.pos;
  const errorsBefore = p.errors.length;
  // A keyword read as an identifier (`true.foo`) parses differently from the same token as a keyword.
  const cacheable = p.forced !== startPos;
  const hit = cacheable ? p.cache.get(startPos) : undefined;
  if (hit) {
    p.pos = hit.pos;
    p.wildcard = hit.wildcard;
    return hit.term;
  }
  let term: Term | null = null;
  switch (p.kind()) {
    case 'null':
      p.advance();
      term = p.term({ type: 'null' }, start);
      break;
    case 'true':
    case 'false':
      p.advance();
      term = p.term({ type: 'boolean', value: start.text === 'true' }, start);
      break;
    case '-':
    case '.':
    case 'number':
      term = parseNumber(p);
      break;
    case 'string':
      p.advance();
      term = p.term({ type: 'string', value: start.value! }, start);
      break;
    case 'tmpl':
      term = parseTemplateString(p);
      break;
    case 'ident':
    case 'contains': // only a keyword in rule heads
      term = parseVar(p);
      break;
    case '[':
      term = parseArray(p);
      break;
    case '{':
      term = parseSetOrObject(p);
      break;
    case '(': {
      p.advance();
      const inner = parseTermInfixCall(p);
      if (inner) {
        if (p.tk() === ')') {
          p.advance();
          inner.location = p.locFrom(start);
          term = inner;
        } else p.errorAt(p.tok, 'non-terminated expression');
      }
      break;
    }
    default:
      p.illegal();
  }
  term = parseTermFinish(p, term, start);
  // Only clean parses are reused: a hit must not drop errors the first parse recorded.
  // Single tokens are cheaper to parse again than to remember.
  if (term && cacheable && p.pos > startPos + 1 && p.errors.length === errorsBefore) {
    p.cache.set(startPos, { term, pos: p.pos, wildcard: p.wildcard });
  }
  return term;
}

/** After a primary: a directly following `.`, `[` or `(` continues it as a ref or call. */
export function parseTermFinish(p: ParserState, head: Term | null, start: Token, allowWs = false): Term | null {
  if (!head) return null;
  const t = p.tok;
  if ((allowWs || !t.ws) && (t.kind === '.' || t.kind === '[' || t.kind === '(')) return parseRef(p, head, start);
  if (head.value.type === 'var' && rootDocuments.has(head.value.name)) {
    return { value: { type: 'ref', terms: [head] }, location: head.location };
  }
  return head;
}

export function parseVar(p: ParserState): Term {
  const t = p.tok;
  p.advance();
  const name = t.text === '_' ? p.genWildcard() : t.text;
  return { value: { type: 'var', name }, location: p.locFrom(t) };
}

const refHeadTypes = new Set(['var', 'array', 'object', 'set', 'arraycomprehension', 'setcomprehension', 'objectcomprehension', 'call']);

function parseRef(p: ParserState, head: Term, start: Token): Term | null {
  if (!refHeadTypes.has(head.value.type)) {
    p.errorAt(head.location, `illegal ref (head cannot be ${head.value.type})`);
  }
  const terms: Term[] = [head];
  let first = true;
  for (;;) {
    const t = p.tok;
    if (!first && t.ws) break;
    first = false;
    if (t.kind === '.') {
      p.advance();
      const part = p.tok;
      if (part.ws || (part.kind !== 'ident')) {
        if (part.ws) p.errorAt(part, 'unexpected whitespace token: expected ident');
        else p.illegal('expected ident');
        return null;
      }
      p.advance();
      terms.push({ value: { type: 'string', value: part.text }, location: p.locFrom(part) });
    } else if (t.kind === '[') {
      p.advance();
      const key = parseTermInfixCall(p);
      if (!key) return null;
      if (p.tk() !== ']') {
        p.illegal('expected [');
        return null;
      }
      p.advance();
      terms.push(key);
    } else if (t.kind === '(') {
      const op: Term = { value: { type: 'ref', terms }, location: p.locFrom(start) };
      const c = parseCall(p, op, start);
      if (c && !p.tok.ws && (p.tk() === '.' || p.tk() === '[')) return parseRef(p, c, start);
      return c;
    } else break;
  }
  return p.term({ type: 'ref', terms }, start);
}

function parseCall(p: ParserState, op: Term, start: Token): Term | null {
  p.advance(); // (
  if (p.tk() === ')') {
    p.advance();
    if (op.value.type === 'ref' && op.value.terms.length === 1 && refName(op) === 'set') {
      return p.term({ type: 'set', items: [] }, start);
    }
    return p.term({ type: 'call', operator: op, args: [] }, start);
  }
  const args = parseTermList(p, ')', []);
  if (!args) return null;
  p.advance();
  return p.term({ type: 'call', operator: op, args }, start);
}

function parseNumber(p: ParserState): Term | null {
  const start = p.tok;
  let prefix = '';
  if (p.tk() === '-') {
    prefix = '-';
    p.advance();
    if (p.tk() !== 'number' && p.tk() !== '.') {
      p.illegal('expected number');
      return null;
    }
  }
  if (p.tk() === '.') {
    prefix += '.';
    p.advance();
    if (p.tk() !== 'number') {
      p.illegal('expected number');
      return null;
    }
  }
  const lit = p.tok.text;
  if (!prefix.endsWith('.') && lit.length > 1 && lit[0] === '0') {
    const decimal = lit[1] === '.';
    const scientific = lit.length > 2 && (lit[1] === 'e' || lit[1] === 'E');
    if (!decimal && !scientific) {
      p.illegal('expected number without leading zero');
      return null;
    }
  }
  const text = prefix + lit;
  if (exponentTooBig(text)) {
    p.errorAt(p.tok, 'number too big');
    return null;
  }
  p.advance();
  return p.term({ type: 'number', text, value: Number(text) }, start);
}

/** OPA rejects numbers whose binary exponent exceeds 1e5 (about 30,000 decimal digits). */
function exponentTooBig(text: string): boolean {
  if (text.length < 20 && !/[eE]/.test(text)) return false;
  const m = /^-?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return false;
  const exp = Number(m[3] ?? 0) + (m[1]?.length ?? 0);
  return Math.abs(exp) > 30_000;
}

function parseTemplateString(p: ParserState): Term | null {
  const start = p.tok;
  const parts: Array<TemplateText | TemplateExpr> = [];
  const multiLine = start.raw === true;
  for (;;) {
    const t = p.tok;
    if (t.kind !== 'tmpl') {
      p.illegal('expected template-string part');
      return null;
    }
    if (t.value) parts.push({ type: 'text', value: t.value });
    p.advance();
    if (t.last) break;
    const expr = parseLiteral(p);
    if (!expr) {
      p.errorAt(p.tok, 'invalid template-string expression');
      return null;
    }
    const x = expr.terms;
    const opName = x.type === 'call' ? refName(x.operator) : undefined;
    let bad: string | undefined;
    if (expr.negated) bad = "unexpected negation ('not') in template-string expression";
    else if (opName === 'eq') bad = "unexpected unification ('=') in template-string expression";
    else if (opName === 'assign') bad = "unexpected assignment (':=') in template-string expression";
    else if (x.type === 'every') bad = "unexpected 'every' in template-string expression";
    else if (x.type === 'some') bad = "unexpected 'some' in template-string expression";
    if (bad) {
      p.errorAt(expr.location, bad);
      return null;
    }
    parts.push({ type: 'expr', expr });
    if (p.tk() !== '}') {
      p.errorAt(p.tok, 'expected } to end template string expression');
      return null;
    }
    p.advance();
  }
  return p.term({ type: 'templatestring', parts, multiLine }, start);
}
