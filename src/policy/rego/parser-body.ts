// Parsing of bodies and expressions: literals (`not`, `some`, `every`, `with`), `:=` and `=`,
// and bodies separated by newlines or `;`.

import type { Body, Expr, ExprTerms, Term, With } from './ast.ts';
import { refName } from './ast-util.ts';
import type { Token, TokenKind } from './lexer.ts';
import { parseLogical } from './parser-logical.ts';
import { tokenName, type ParserState } from './parser-state.ts';
import { parseTerm, parseTermInfixCall, parseVar } from './parser-terms.ts';

/** `{ body }` contents up to (not past) `end`. */
export function parseBody(p: ParserState, end: TokenKind): Body | null {
  return parseQuery(p, false, end);
}

/**
 * Expressions separated by `;` or newlines until `end`. With `requireSemi` (module level),
 * stops after an expression not followed by `;`.
 */
export function parseQuery(p: ParserState, requireSemi: boolean, end: TokenKind): Body | null {
  const body: Body = [];
  if (p.tk() === end) {
    p.errorAt(p.tok, 'found empty body');
    return null;
  }
  for (;;) {
    const expr = parseLiteral(p);
    if (!expr) return null;
    expr.index = body.length;
    body.push(expr);
    if (p.tk() === ';') {
      p.advance();
      continue;
    }
    if (p.tk() === end || requireSemi) return body;
    if (!p.tok.nl) {
      if (p.errors.length === 0) p.illegal(`expected \\n or ; or ${tokenName(end)}`);
      return null;
    }
  }
}

function makeExpr(terms: ExprTerms, p: ParserState, start: Token): Expr {
  return { terms, negated: false, with: [], index: 0, location: p.locFrom(start) };
}

export function parseLiteral(p: ParserState): Expr | null {
  return p.logical ? parseLogical(p) : parseSimpleLiteral(p, true);
}

/** A literal without the experimental `and`/`or`; `allowWith: false` leaves `with` to the caller. */
export function parseSimpleLiteral(p: ParserState, allowWith: boolean): Expr | null {
  const start = p.tok;
  if (p.keywordAsRef()) return finishLoc(p, parseLiteralExpr(p, false, allowWith), start);
  let negated = false;
  if (p.kind() === 'not' && !p.refFollows()) {
    p.advance();
    negated = true;
  }
  switch (p.kind()) {
    case 'some':
      if (negated) {
        p.illegal("illegal negation of 'some'");
        return null;
      }
      return finishLoc(p, parseSome(p), start);
    case 'every':
      if (negated) {
        p.illegal("illegal negation of 'every'");
        return null;
      }
      return finishLoc(p, parseEvery(p), start);
    default:
      return finishLoc(p, parseLiteralExpr(p, negated, allowWith), start);
  }
}

function finishLoc(p: ParserState, e: Expr | null, start: Token): Expr | null {
  if (e) e.location = p.locFrom(start);
  return e;
}

function parseLiteralExpr(p: ParserState, negated: boolean, allowWith: boolean): Expr | null {
  const expr = parseExpr(p);
  if (!expr) return null;
  expr.negated = negated;
  const t = expr.terms;
  if (t.type === 'term' && t.term.value.type === 'var' && t.term.value.name === 'every' && !p.isKeyword('every') && p.tk() === 'ident') {
    p.hint('`import future.keywords.every` for `every x in xs { ... }` expressions');
  }
  if (allowWith && p.kind() === 'with') {
    const w = parseWithClause(p);
    if (!w) return null;
    expr.with = w;
  }
  return expr;
}

/** `lhs := rhs`, `lhs = rhs`, a call, or a single term. */
function parseExpr(p: ParserState): Expr | null {
  const start = p.tok;
  const lhs = parseTermInfixCall(p);
  if (!lhs) return null;
  const k = p.tk();
  if (k === ':=' || k === '=') {
    const opTok = p.tok;
    const loc = p.loc(opTok);
    const name = k === ':=' ? 'assign' : 'eq';
    const operator: Term = { value: { type: 'ref', terms: [{ value: { type: 'var', name }, location: loc }] }, location: loc };
    p.advance();
    const rhs = parseTermInfixCall(p);
    if (!rhs) return null;
    return makeExpr({ type: 'call', operator, args: [lhs, rhs] }, p, start);
  }
  if (lhs.value.type === 'call') {
    return makeExpr({ type: 'call', operator: lhs.value.operator, args: lhs.value.args }, p, start);
  }
  return makeExpr({ type: 'term', term: lhs }, p, start);
}

export function parseWithClause(p: ParserState): With[] | null {
  const out: With[] = [];
  for (;;) {
    const start = p.tok;
    p.advance(); // with
    if (p.tk() !== 'ident') {
      p.illegal('expected ident');
      return null;
    }
    const target = parseTerm(p);
    if (!target) return null;
    if (target.value.type !== 'ref' && target.value.type !== 'var') p.illegal('expected with target path');
    if (p.kind() !== 'as') {
      p.illegal('expected as keyword');
      return null;
    }
    p.advance();
    const value = parseTermInfixCall(p);
    if (!value) return null;
    out.push({ target, value, location: p.locFrom(start) });
    if (p.kind() !== 'with') return out;
  }
}

function memberCall(t: Term | null): string | undefined {
  if (!t || t.value.type !== 'call') return undefined;
  return refName(t.value.operator);
}

function parseSome(p: ParserState): Expr | null {
  const start = p.tok;
  // `some x in xs` / `some k, v in xs` first; otherwise `some x, y` declarations.
  const s = p.save();
  p.advance();
  const term = parseTermInfixCall(p);
  if (term && term.value.type === 'call') {
    const op = memberCall(term);
    if (op !== 'internal.member_2' && op !== 'internal.member_3') {
      p.illegal('expected `x in xs` or `x, y in xs` expression');
      return null;
    }
    const expr = makeExpr({ type: 'some', symbols: [term], location: p.loc(start) }, p, start);
    if (p.kind() === 'with') {
      const w = parseWithClause(p);
      if (!w) return null;
      expr.with = w;
    }
    return expr;
  }
  p.restore(s);
  if (!p.isKeyword('in') && hasPlainIn(p)) p.hint('`import future.keywords.in` for `some x in xs` expressions');
  const symbols: Term[] = [];
  for (;;) {
    p.advance(); // `some` or `,`
    if (p.tk() !== 'ident' || p.kind() !== 'ident') {
      p.illegal('expected var');
      return null;
    }
    symbols.push(parseVar(p));
    if (p.tk() !== ',') break;
  }
  return makeExpr({ type: 'some', symbols, location: p.loc(start) }, p, start);
}

/** `some x in xs` written where `in` is no keyword: the vars are followed by an `in` name. */
function hasPlainIn(p: ParserState): boolean {
  for (let i = 1; i < 8; i++) {
    const t = p.peek(i);
    if (t.kind === 'ident' && t.text === 'in') return true;
    if (t.kind !== 'ident' && t.kind !== ',') return false;
  }
  return false;
}

function parseEvery(p: ParserState): Expr | null {
  const start = p.tok;
  p.advance();
  const term = parseTermInfixCall(p);
  if (!term) return null;
  const op = memberCall(term);
  if (term.value.type !== 'call' || (op !== 'internal.member_2' && op !== 'internal.member_3')) {
    p.illegal('expected `x[, y] in xs { ... }` expression');
    return null;
  }
  const args = term.value.args;
  let key: Term | undefined;
  let value: Term;
  let domain: Term;
  if (op === 'internal.member_2') {
    [value, domain] = args as [Term, Term];
  } else {
    [key, value, domain] = args as [Term, Term, Term];
    if (key.value.type !== 'var') {
      p.illegal('expected key to be a variable');
      return null;
    }
  }
  if (value.value.type !== 'var') {
    p.illegal('expected value to be a variable');
    return null;
  }
  if (p.tk() !== '{') {
    p.illegal('missing body');
    return null;
  }
  p.advance();
  const body = parseBody(p, '}');
  if (!body) return null;
  p.advance();
  const every = { type: 'every' as const, ...(key ? { key } : {}), value, domain, body, location: p.loc(start) };
  const expr = makeExpr(every, p, start);
  if (p.kind() === 'with') {
    const w = parseWithClause(p);
    if (!w) return null;
    expr.with = w;
  }
  return expr;
}
