// strings.render_template: executes a Go text/template (go-template-parse.ts) over the template
// variables as OPA does. Values print like Go's fmt %v of decoded JSON; a missing key prints
// `<undefined>` (OPA replaces Go's `<no value>`).
import { HostBuiltinError, HostTypeError, str, typeName, type HostBuiltin } from './builtin-args.ts';
import { parseTemplate, TemplateError, type Command, type Node, type Operand, type Pipeline } from './go-template-parse.ts';

const NO_VALUE = Symbol('no value');
type Value = unknown;

/** Go's fmt %v of a JSON-decoded value. */
function show(v: Value): string {
  if (v === NO_VALUE) return '<undefined>';
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  const o = v as Record<string, Value>;
  return `map[${Object.keys(o).sort().map((k) => `${k}:${show(o[k])}`).join(' ')}]`;
}

function truthy(v: Value): boolean {
  if (v === NO_VALUE || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function field(v: Value, name: string): Value {
  if (v === NO_VALUE) return NO_VALUE;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new TemplateError(`template: template:1: can't evaluate field ${name} in type ${goType(v)}`);
  }
  const o = v as Record<string, Value>;
  return Object.hasOwn(o, name) ? o[name] : NO_VALUE;
}

function goType(v: Value): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'json.Number';
  if (typeof v === 'boolean') return 'bool';
  return 'interface {}';
}

const cmp = (name: string, a: Value, b: Value): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError(`template: template:1: error calling ${name}: incompatible types for comparison`);
};

const FUNCS: Record<string, (...args: Value[]) => Value> = {
  and: (...a) => a.find((x) => !truthy(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truthy(x)) ?? a[a.length - 1],
  not: (a) => !truthy(a),
  len: (a) => (typeof a === 'string' ? Buffer.byteLength(a) : Array.isArray(a) ? a.length : Object.keys(a as object).length),
  index: (a, ...keys) => keys.reduce((v, k) => (Array.isArray(v) ? v[Number(k)] : (v as Record<string, Value>)?.[String(k)]), a),
  print: (...a) => a.map(show).join(''),
  println: (...a) => `${a.map(show).join(' ')}\n`,
  printf: (f, ...a) => {
    let i = 0;
    return String(f).replace(/%[-+# 0]*\d*(?:\.\d+)?([vsdqfxt%])/g, (m, verb: string) => {
      if (verb === '%') return '%';
      const v = a[i++];
      if (verb === 'q') return JSON.stringify(show(v));
      if (verb === 'd') return String(Math.trunc(Number(v)));
      if (verb === 'f') return Number(v).toFixed(/\.(\d+)/.exec(m)?.[1] ? Number(/\.(\d+)/.exec(m)![1]) : 6);
      if (verb === 'x') return typeof v === 'number' ? v.toString(16) : Buffer.from(show(v)).toString('hex');
      return show(v);
    });
  },
  eq: (a, ...bs) => bs.some((b) => a === b),
  ne: (a, b) => a !== b,
  lt: (a, b) => cmp('lt', a, b) < 0,
  le: (a, b) => cmp('le', a, b) <= 0,
  gt: (a, b) => cmp('gt', a, b) > 0,
  ge: (a, b) => cmp('ge', a, b) >= 0,
};

class Execution {
  private out = '';
  private readonly scopes: Map<string, Value>[];

  constructor(root: Value) {
    this.scopes = [new Map([['$', root]])];
  }

  run(nodes: Node[], dot: Value): string {
    this.walk(nodes, dot);
    return this.out;
  }

  private lookup(name: string): Value {
    for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i]!.has(name)) return this.scopes[i]!.get(name);
    throw new TemplateError(`template: template:1: undefined variable: ${name}`);
  }

  private set(name: string, v: Value, assign: boolean): void {
    if (!assign) return void this.scopes[this.scopes.length - 1]!.set(name, v);
    for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i]!.has(name)) return void this.scopes[i]!.set(name, v);
    throw new TemplateError(`template: template:1: undefined variable: ${name}`);
  }

  private scoped(fn: () => void): void {
    this.scopes.push(new Map());
    try {
      fn();
    } finally {
      this.scopes.pop();
    }
  }

  private walk(nodes: Node[], dot: Value): void {
    for (const n of nodes) {
      switch (n.kind) {
        case 'text':
          this.out += n.text;
          break;
        case 'action': {
          const v = this.pipeline(n.pipe, dot);
          if (n.pipe.decl.length === 0) this.out += show(v);
          break;
        }
        case 'if':
        case 'with':
          this.scoped(() => {
            const v = this.pipeline(n.pipe, dot);
            if (truthy(v)) this.walk(n.then, n.kind === 'with' ? v : dot);
            else this.walk(n.else, dot);
          });
          break;
        case 'range':
          this.scoped(() => this.range(n, dot));
          break;
      }
    }
  }

  private range(n: Extract<Node, { kind: 'range' }>, dot: Value): void {
    const coll = this.evalCommands(n.pipe.cmds, dot);
    const entries: [Value, Value][] = Array.isArray(coll)
      ? coll.map((v, i) => [i, v])
      : coll !== null && typeof coll === 'object' ? Object.keys(coll).sort().map((k) => [k, (coll as Record<string, Value>)[k]]) : [];
    if (coll !== null && coll !== NO_VALUE && typeof coll !== 'object') throw new TemplateError(`template: template:1: range can't iterate over ${show(coll)}`);
    if (entries.length === 0) return this.walk(n.else, dot);
    for (const [k, v] of entries) {
      this.scoped(() => {
        const [first, second] = n.pipe.decl;
        if (second !== undefined) {
          this.set(first!, k, false);
          this.set(second, v, false);
        } else if (first !== undefined) this.set(first, v, false);
        this.walk(n.then, v);
      });
    }
  }

  private pipeline(p: Pipeline, dot: Value): Value {
    const v = this.evalCommands(p.cmds, dot);
    for (const name of p.decl) this.set(name, v, p.assign);
    return v;
  }

  private evalCommands(cmds: Command[], dot: Value): Value {
    let last: Value = NO_VALUE;
    cmds.forEach((c, i) => (last = this.command(c, dot, i > 0 ? [last] : [])));
    return last;
  }

  private command(c: Command, dot: Value, piped: Value[]): Value {
    const [head, ...rest] = c.args;
    if (head!.kind === 'ident') {
      const fn = FUNCS[head!.name];
      if (!fn) throw new TemplateError(`template: template:1: function "${head!.name}" not defined`);
      return fn(...rest.map((a) => this.operand(a, dot)), ...piped);
    }
    if (rest.length > 0 || piped.length > 0) throw new TemplateError(`template: template:1: can't give argument to non-function`);
    return this.operand(head!, dot);
  }

  private operand(o: Operand, dot: Value): Value {
    switch (o.kind) {
      case 'dot': return dot;
      case 'literal': return o.value;
      case 'field': return o.names.reduce(field, dot);
      case 'var': return o.names.reduce(field, this.lookup(o.name));
      case 'pipe': return this.evalCommands(o.pipe.cmds, dot);
      case 'ident': {
        const fn = FUNCS[o.name];
        if (!fn) throw new TemplateError(`template: template:1: function "${o.name}" not defined`);
        return fn();
      }
    }
  }
}

export const renderTemplate: HostBuiltin = (tmpl, vars) => {
  const src = str(tmpl, 'strings.render_template', 1);
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) {
    throw new HostTypeError(`strings.render_template: operand 2 must be object but got ${typeName(vars)}`);
  }
  try {
    return new Execution(vars).run(parseTemplate(src), vars);
  } catch (e) {
    if (e instanceof TemplateError) throw new HostBuiltinError(e.message);
    throw e;
  }
};
