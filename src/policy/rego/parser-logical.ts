// Experimental `and` / `or` between literals (OPA's unreleased `future.keywords.and`, `.or`,
// `.not`), parsed only when the parser option `experimentalKeywords` is on and such an import
// is present. Grammar (or loosest, not tightest):
//   chain   := andExpr ('or' andExpr)* [with ...]
//   andExpr := unary ('and' unary)*
//   unary   := 'not' unary | '{' body '}' | '(' chain ')' | literal (without `with`)
// A `{` or `(` operand is first tried as an ordinary term (`{1, 2}`, `(a + b) > c`).

import type { Body, Expr, ExprTerms } from './ast.ts';
import type { Token } from './lexer.ts';
import { parseBody, parseSimpleLiteral, parseWithClause } from './parser-body.ts';
import type { ParserState } from './parser-state.ts';

function makeExpr(p: ParserState, terms: ExprTerms, start: Token): Expr {
  return { terms, negated: false, with: [], index: 0, location: p.locFrom(start) };
}

/** The body an expression contributes as an operand (an explicit `{ body }` is used as is). */
function asOperand(e: Expr): Body {
  if (e.terms.type === 'and' && e.terms.operands.length === 1 && !e.negated && e.with.length === 0) return e.terms.operands[0]!;
  return [e];
}

function group(p: ParserState, type: 'and' | 'or', parts: Expr[], start: Token): Expr {
  const operands: Body[] = [];
  for (const e of parts) {
    // `a and b and c` is one `and` of three operands.
    if (e.terms.type === type && !e.negated && e.with.length === 0) operands.push(...e.terms.operands);
    else operands.push(asOperand(e));
  }
  operands.forEach((b) => b.forEach((e, i) => (e.index = i)));
  return makeExpr(p, { type, operands, location: p.loc(start) }, start);
}

export function parseLogical(p: ParserState): Expr | null {
  const start = p.tok;
  const e = parseOr(p, false);
  if (!e) return null;
  if (p.kind() === 'with') {
    const w = parseWithClause(p);
    if (!w) return null;
    e.with = e.with.length ? [...e.with, ...w] : w;
  }
  e.location = p.locFrom(start);
  return e;
}

function parseOr(p: ParserState, inChain: boolean): Expr | null {
  const start = p.tok;
  const first = parseAnd(p, inChain);
  if (!first) return null;
  const parts = [first];
  while (p.kind() === 'or') {
    p.advance();
    const next = parseAnd(p, true);
    if (!next) return null;
    parts.push(next);
  }
  return parts.length === 1 ? first : group(p, 'or', parts, start);
}

function parseAnd(p: ParserState, inChain: boolean): Expr | null {
  const start = p.tok;
  const first = parseUnary(p, inChain);
  if (!first) return null;
  const parts = [first];
  while (p.kind() === 'and') {
    p.advance();
    const next = parseUnary(p, true);
    if (!next) return null;
    parts.push(next);
  }
  return parts.length === 1 ? first : group(p, 'and', parts, start);
}

const isChainWord = (p: ParserState) => p.kind() === 'and' || p.kind() === 'or';

function parseUnary(p: ParserState, inChain: boolean): Expr | null {
  const start = p.tok;
  if (p.kind() === 'not' && !p.refFollows()) {
    const s = p.save();
    p.advance();
    const k = p.tk();
    if (k === '{' || k === '(') {
      const inner = parseUnary(p, true);
      if (!inner) return null;
      if (!inner.negated) {
        inner.negated = true;
        inner.location = p.locFrom(start);
        return inner;
      }
      const e = makeExpr(p, { type: 'and', operands: [[inner]], location: p.loc(start) }, start);
      e.negated = true;
      return e;
    }
    p.restore(s);
    return parseSimpleLiteral(p, false);
  }
  if (p.tk() === '{') {
    const s = p.save();
    p.advance();
    const body = parseBody(p, '}');
    if (body && p.tk() === '}') {
      p.advance();
      if (inChain || isChainWord(p)) return makeExpr(p, { type: 'and', operands: [body], location: p.loc(start) }, start);
    }
    p.restore(s);
    return parseSimpleLiteral(p, false);
  }
  if (p.tk() === '(') {
    const s = p.save();
    const plain = parseSimpleLiteral(p, false);
    if (plain && p.errors.length === s.errors) return plain;
    p.restore(s);
    p.advance();
    const inner = parseOr(p, true);
    if (inner && p.kind() === 'with') {
      const w = parseWithClause(p);
      if (w) inner.with = [...inner.with, ...w];
      else return retryPlain(p, s);
    }
    if (!inner || p.tk() !== ')') return retryPlain(p, s);
    p.advance();
    inner.location = p.locFrom(start);
    return inner;
  }
  return parseSimpleLiteral(p, false);
}

/** Both readings failed: report the error of the ordinary reading, as the plain parser would. */
function retryPlain(p: ParserState, s: ReturnType<ParserState['save']>): null {
  p.restore(s);
  parseSimpleLiteral(p, false);
  return null;
}
