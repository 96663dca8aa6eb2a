// The subset of Kubernetes JSONPath that CRD additionalPrinterColumns use:
// `.a.b`, `['a.b']`, `[0]`, `[-1]`, `[*]`, `.*`, `..name` and filters `[?(@.type=="Ready")]` with == != < > <= >=
// (and a bare `[?(@.field)]` existence test). Evaluation never throws; a missing path yields no results.

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'recursive'; name: string }
  | { kind: 'filter'; path: Step[]; op?: string; literal?: unknown };

export class JsonPathError extends Error {}

function parseLiteral(text: string): unknown {
  const t = text.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  throw new JsonPathError(`unrecognized literal ${t}`);
}

function parseSteps(expr: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const readName = (): string => {
    let name = '';
    while (i < expr.length && !'.['.includes(expr[i])) name += expr[i++];
    return name;
  };
  while (i < expr.length) {
    const c = expr[i];
    if (c === '@' || c === '$') { i++; continue; }
    if (c === '.') {
      if (expr[i + 1] === '.') {
        i += 2;
        steps.push({ kind: 'recursive', name: readName() });
        continue;
      }
      i++;
      const name = readName();
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (name) steps.push({ kind: 'field', name });
      continue;
    }
    if (c === '[') {
      const close = findClose(expr, i);
      const inner = expr.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (inner.startsWith('?(') && inner.endsWith(')')) steps.push(parseFilter(inner.slice(2, -1)));
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^(['"]).*\1$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else throw new JsonPathError(`unsupported subscript [${inner}]`);
      continue;
    }
    const name = readName();
    if (!name) throw new JsonPathError(`unexpected character ${c}`);
    steps.push({ kind: 'field', name });
  }
  return steps;
}

function findClose(expr: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < expr.length; i++) {
    const c = expr[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError('unterminated [');
}

function parseFilter(body: string): Step {
  const m = /^(@[^=!<>]*?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(body.trim());
  if (!m) return { kind: 'filter', path: parseSteps(body.trim()) };
  return { kind: 'filter', path: parseSteps(m[1]), op: m[2], literal: parseLiteral(m[3]) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return [];
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return typeof a === 'number' && typeof b === 'number' && a < b;
    case '>': return typeof a === 'number' && typeof b === 'number' && a > b;
    case '<=': return typeof a === 'number' && typeof b === 'number' && a <= b;
    case '>=': return typeof a === 'number' && typeof b === 'number' && a >= b;
    default: return false;
  }
}

function apply(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (step.kind) {
      case 'field':
        if (isObject(v) && step.name in v) out.push(v[step.name]);
        break;
      case 'index':
        if (Array.isArray(v)) {
          const i = step.index < 0 ? v.length + step.index : step.index;
          if (i >= 0 && i < v.length) out.push(v[i]);
        }
        break;
      case 'wildcard':
        out.push(...children(v));
        break;
      case 'recursive': {
        const walk = (node: unknown): void => {
          if (isObject(node) && step.name in node) out.push(node[step.name]);
          for (const c of children(node)) walk(c);
        };
        walk(v);
        break;
      }
      case 'filter':
        for (const item of children(v)) {
          const found = evaluateSteps(item, step.path);
          if (step.op === undefined ? found.length > 0 : found.some((x) => compare(x, step.op as string, step.literal))) out.push(item);
        }
        break;
    }
  }
  return out;
}

function evaluateSteps(root: unknown, steps: Step[]): unknown[] {
  let values = [root];
  for (const step of steps) values = apply(values, step);
  return values;
}

/** Compiles a path like `.status.conditions[?(@.type=="Ready")].status` (optionally wrapped in `{}`). */
export function compileJsonPath(expr: string): (obj: unknown) => unknown[] {
  let text = expr.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  const steps = parseSteps(text);
  return (obj) => evaluateSteps(obj, steps);
}
