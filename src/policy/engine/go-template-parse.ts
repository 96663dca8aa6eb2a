// Parsing the subset of Go's text/template that strings.render_template supports: text, actions
// with `{{-`/`-}}` trimming and comments, pipelines of commands with `|`, variables, fields,
// literals, parenthesised pipelines, and the if / else / range / with / end control structures.
// Hand-written: no npm package implements Go's template language.

export type Operand =
  | { kind: 'dot' }
  | { kind: 'field'; base: Operand | null; names: string[] } // base null: fields of dot
  | { kind: 'var'; name: string; names: string[] }
  | { kind: 'literal'; value: unknown }
  | { kind: 'ident'; name: string } // a function name
  | { kind: 'pipe'; pipe: Pipeline };

export interface Command { args: Operand[] }
export interface Pipeline { decl: string[]; assign: boolean; cmds: Command[] }

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with'; pipe: Pipeline; then: Node[]; else: Node[] }
  | { kind: 'range'; pipe: Pipeline; then: Node[]; else: Node[] };

export class TemplateError extends Error {}

interface Action { body: string; trimLeft: boolean; trimRight: boolean }
type Piece = { text: string } | { action: Action };

function split(src: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ text: src.slice(i) });
      break;
    }
    out.push({ text: src.slice(i, open) });
    const close = findClose(src, open + 2);
    let body = src.slice(open + 2, close);
    const trimLeft = /^- /.test(body) || body === '-';
    const trimRight = / -$/.test(body);
    if (trimLeft) body = body.slice(1);
    if (trimRight) body = body.slice(0, -1);
    out.push({ action: { body: body.trim(), trimLeft, trimRight } });
    i = close + 2;
  }
  // trim markers eat the white space next to them
  for (let k = 0; k < out.length; k++) {
    const p = out[k]!;
    if (!('action' in p)) continue;
    const prev = out[k - 1];
    const next = out[k + 1];
    if (p.action.trimLeft && prev && 'text' in prev) prev.text = prev.text.replace(/[ \t\r\n]+$/, '');
    if (p.action.trimRight && next && 'text' in next) next.text = next.text.replace(/^[ \t\r\n]+/, '');
  }
  return out;
}

/** End of an action, skipping `}}` inside quoted strings. */
function findClose(src: string, from: number): number {
  let quote = '';
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`' || c === "'") quote = c;
    else if (c === '}' && src[i + 1] === '}') return i;
  }
  throw new TemplateError('template: template:1: unclosed action');
}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|('(?:[^'\\]|\\.)')|(:=|=|\||\(|\)|,)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(\.(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?)|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokens(body: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < body.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(body);
    if (!m) {
      if (body.slice(start).trim() === '') break;
      throw new TemplateError(`template: template:1: unexpected "${body.slice(start).trim()[0]}" in command`);
    }
    out.push(m[0].trim());
  }
  return out;
}

function fieldNames(path: string): string[] {
  return path.split('.').filter((s) => s !== '');
}

function operand(toks: string[], pos: { i: number }): Operand {
  const t = toks[pos.i++]!;
  if (t === '(') {
    const pipe = pipeline(toks, pos, true);
    if (toks[pos.i++] !== ')') throw new TemplateError('template: template:1: unclosed left paren');
    // a parenthesised pipeline may be followed by .field
    return { kind: 'pipe', pipe };
  }
  if (t === '.') return { kind: 'dot' };
  if (t.startsWith('.')) return { kind: 'field', base: null, names: fieldNames(t) };
  if (t.startsWith('$')) {
    const [name, ...rest] = t.split('.');
    return { kind: 'var', name: name!, names: rest };
  }
  if (t.startsWith('"')) return { kind: 'literal', value: JSON.parse(t) as string };
  if (t.startsWith('`')) return { kind: 'literal', value: t.slice(1, -1) };
  if (t.startsWith("'")) return { kind: 'literal', value: (JSON.parse(`"${t.slice(1, -1)}"`) as string).codePointAt(0) };
  if (/^-?\d/.test(t)) return { kind: 'literal', value: Number(t) };
  if (t === 'true' || t === 'false') return { kind: 'literal', value: t === 'true' };
  if (t === 'nil') return { kind: 'literal', value: null };
  return { kind: 'ident', name: t };
}

function pipeline(toks: string[], pos: { i: number }, nested = false): Pipeline {
  const decl: string[] = [];
  let assign = false;
  // `$x :=`, `$i, $x :=` or `$x =`
  const save = pos.i;
  while (toks[pos.i]?.startsWith('$') && !toks[pos.i]!.includes('.')) {
    decl.push(toks[pos.i++]!);
    if (toks[pos.i] === ',') {
      pos.i++;
      continue;
    }
    break;
  }
  if (decl.length > 0 && (toks[pos.i] === ':=' || toks[pos.i] === '=')) {
    assign = toks[pos.i] === '=';
    pos.i++;
  } else {
    decl.length = 0;
    pos.i = save;
  }
  const cmds: Command[] = [];
  let args: Operand[] = [];
  while (pos.i < toks.length && !(nested && toks[pos.i] === ')')) {
    if (toks[pos.i] === '|') {
      if (args.length === 0) throw new TemplateError('template: template:1: missing command');
      cmds.push({ args });
      args = [];
      pos.i++;
      continue;
    }
    args.push(operand(toks, pos));
  }
  if (args.length > 0) cmds.push({ args });
  if (cmds.length === 0) throw new TemplateError('template: template:1: missing value for command');
  return { decl, assign, cmds };
}

function parsePipeline(body: string): Pipeline {
  const toks = tokens(body);
  const pos = { i: 0 };
  const p = pipeline(toks, pos);
  if (pos.i < toks.length) throw new TemplateError(`template: template:1: unexpected "${toks[pos.i]}" in operand`);
  return p;
}

/** The template as a tree. */
export function parseTemplate(src: string): Node[] {
  const pieces = split(src);
  let k = 0;
  // returns the nodes up to an `end` / `else` (whose keyword it reports)
  const list = (inBlock: boolean): { nodes: Node[]; stop: string } => {
    const nodes: Node[] = [];
    while (k < pieces.length) {
      const p = pieces[k++]!;
      if ('text' in p) {
        if (p.text) nodes.push({ kind: 'text', text: p.text });
        continue;
      }
      const body = p.action.body;
      if (body.startsWith('/*')) continue;
      const [word] = body.split(/\s+/, 1);
      if (word === 'end' || word === 'else') {
        if (!inBlock) throw new TemplateError(`template: template:1: unexpected {{${word}}}`);
        return { nodes, stop: body };
      }
      if (word === 'if' || word === 'range' || word === 'with') nodes.push(block(word, body.slice(word.length)));
      else nodes.push({ kind: 'action', pipe: parsePipeline(body) });
    }
    if (inBlock) throw new TemplateError('template: template:1: unexpected EOF');
    return { nodes, stop: '' };
  };
  const block = (word: 'if' | 'range' | 'with', rest: string): Node => {
    const pipe = parsePipeline(rest);
    const then = list(true);
    let elseNodes: Node[] = [];
    if (then.stop.startsWith('else')) {
      const chained = then.stop.slice(4).trim();
      if (chained.startsWith('if ') || chained.startsWith('with ')) {
        // `{{else if x}}` is an `if` nested in the else branch sharing the outer `end`
        const w = chained.startsWith('if ') ? 'if' : 'with';
        elseNodes = [block(w, chained.slice(w.length))];
      } else {
        const e = list(true);
        if (e.stop !== 'end') throw new TemplateError('template: template:1: expected end; found else');
        elseNodes = e.nodes;
      }
    }
    return { kind: word, pipe, then: then.nodes, else: elseNodes };
  };
  return list(false).nodes;
}
