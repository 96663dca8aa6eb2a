// OPA's module-level Rego v1 checks (v1/ast/rego_v1.go), run by the compiler on modules parsed
// as v1 (or v0 with `import rego.v1`): no duplicate imports, no rules/args/locals shadowing
// `data` or `input`, no deprecated builtins. The parser already applies the per-rule checks.

import type { Import, Module, Rule, Term } from './ast.ts';
import { refName, termToString } from './ast-util.ts';
import { visitModule } from './ast-walk.ts';
import { v0OnlyBuiltins } from './builtins-catalog.ts';
import { RegoError } from './errors.ts';

const roots = new Set(['data', 'input']);

function importName(i: Import): string {
  if (i.alias) return i.alias;
  const terms = i.path.value.type === 'ref' ? i.path.value.terms : [i.path];
  const last = terms[terms.length - 1]!.value;
  return last.type === 'string' ? last.value : last.type === 'var' ? last.name : '';
}

export function importToString(i: Import): string {
  return `import ${termToString(i.path)}${i.alias ? ` as ${i.alias}` : ''}`;
}

export function checkRegoV1Module(m: Module): RegoError[] {
  const errors: RegoError[] = [];
  const seen = new Map<string, Import>();
  for (const i of m.imports) {
    const name = importName(i);
    const prev = seen.get(name);
    if (prev) errors.push(new RegoError('rego_compile_error', `import must not shadow ${importToString(prev)}`, i.location));
    else seen.set(name, i);
  }
  const checkRule = (r: Rule) => {
    const head = r.head.reference[0]?.value;
    if (head?.type === 'var' && roots.has(head.name)) {
      errors.push(new RegoError('rego_compile_error', `rules must not shadow ${head.name} (use a different rule name)`, r.location));
    }
    for (const a of r.head.args ?? []) {
      const n = a.value.type === 'ref' && a.value.terms.length === 1 ? refName(a) : undefined;
      if (n && roots.has(n)) errors.push(new RegoError('rego_compile_error', `args must not shadow ${n} (use a different variable name)`, a.location));
    }
  };
  const deprecated = (op: Term, at: Term['location']) => {
    const n = refName(op);
    if (n && v0OnlyBuiltins.has(n)) errors.push(new RegoError('rego_type_error', `deprecated built-in function calls in expression: ${n}`, at));
  };
  visitModule(m, {
    rule: (r) => void checkRule(r),
    expr: (e) => {
      const t = e.terms;
      if (t.type !== 'call') return;
      const op = refName(t.operator);
      if (op === 'assign' && t.args[0]) {
        const n = termToString(t.args[0]);
        if (roots.has(n)) errors.push(new RegoError('rego_compile_error', `variables must not shadow ${n} (use a different variable name)`, e.location));
      }
      deprecated(t.operator, e.location);
    },
    term: (t) => {
      if (t.value.type === 'call') deprecated(t.value.operator, t.value.operator.location);
    },
  });
  return errors;
}
