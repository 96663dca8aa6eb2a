// rego.parse_module: parses a module with the project's parser and returns it in the shape of
// OPA's JSON AST (package, imports, rules; terms as {type, value}; expressions as {index, terms}).
import { parseModule } from '../rego/parser.ts';
import { RegoError } from '../rego/errors.ts';
import type { Body, Expr, Head, Module, Rule, Term, With } from '../rego/ast.ts';
import { HostBuiltinError, str, type HostBuiltin } from './builtin-args.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function term(t: Term): Json {
  const v = t.value;
  switch (v.type) {
    case 'null': return { type: 'null' };
    case 'boolean': return { type: 'boolean', value: v.value };
    case 'number': return { type: 'number', value: Number(v.text) };
    case 'string': return { type: 'string', value: v.value };
    case 'var': return { type: 'var', value: v.name };
    case 'ref': return { type: 'ref', value: v.terms.map(term) };
    case 'array': return { type: 'array', value: v.items.map(term) };
    case 'set': return { type: 'set', value: v.items.map(term) };
    case 'object': return { type: 'object', value: v.items.map(([k, x]) => [term(k), term(x)]) };
    case 'call': return { type: 'call', value: [term(v.operator), ...v.args.map(term)] };
    case 'arraycomprehension': return { type: 'arraycomprehension', value: { term: term(v.term), body: body(v.body) } };
    case 'setcomprehension': return { type: 'setcomprehension', value: { term: term(v.term), body: body(v.body) } };
    case 'objectcomprehension': return { type: 'objectcomprehension', value: { key: term(v.key), value: term(v.value), body: body(v.body) } };
    case 'templatestring':
      return { type: 'templatestring', value: v.parts.map((p) => (p.type === 'text' ? { type: 'string', value: p.value } : expr(p.expr))) };
  }
}

function withJson(w: With): Json {
  return { target: term(w.target), value: term(w.value) };
}

function expr(e: Expr): Json {
  const t = e.terms;
  let terms: Json;
  switch (t.type) {
    case 'term': terms = term(t.term); break;
    case 'call': terms = [term(t.operator), ...t.args.map(term)]; break;
    case 'some': terms = { type: 'someDecl', value: t.symbols.map(term) }; break;
    case 'every':
      terms = { type: 'every', value: { ...(t.key ? { key: term(t.key) } : {}), value: term(t.value), domain: term(t.domain), body: body(t.body) } };
      break;
    default: terms = { type: t.type, value: t.operands.map(body) };
  }
  return { index: e.index, terms, ...(e.negated ? { negated: true } : {}), ...(e.with.length ? { with: e.with.map(withJson) } : {}) };
}

function body(b: Body): Json[] {
  return b.map(expr);
}

function head(h: Head): Json {
  return {
    ...(h.name ? { name: h.name } : {}),
    ref: h.reference.map(term),
    ...(h.args ? { args: h.args.map(term) } : {}),
    ...(h.key ? { key: term(h.key) } : {}),
    ...(h.value ? { value: term(h.value) } : {}),
    ...(h.assign ? { assign: true } : {}),
  };
}

function rule(r: Rule): Json {
  return { ...(r.default ? { default: true } : {}), head: head(r.head), body: body(r.body), ...(r.else ? { else: rule(r.else) } : {}) };
}

export function moduleJson(m: Module): Json {
  return {
    package: { path: m.package.path.map(term) },
    ...(m.imports.length ? { imports: m.imports.map((i) => ({ path: term(i.path), ...(i.alias ? { alias: i.alias } : {}) })) } : {}),
    ...(m.rules.length ? { rules: m.rules.map(rule) } : {}),
  };
}

export const regoParseModule: HostBuiltin = (filename, source) => {
  const file = str(filename, 'rego.parse_module', 1);
  const text = str(source, 'rego.parse_module', 2);
  try {
    return moduleJson(parseModule(text, { filename: file, regoVersion: 1 }));
  } catch (e) {
    // OPA reports the first problem as `<code>: <reason>`, without the location
    if (e instanceof RegoError) throw new HostBuiltinError(`${e.code}: ${e.reason}`);
    throw e;
  }
};
