// Label and field selectors with the grammar and error wording of k8s.io/apimachinery (labels, fields).
import { badRequest } from './errors.ts';
import { isQualifiedName, isValidLabelValue, renderValue } from './validation.ts';

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'GreaterThan' | 'LessThan';
export type Requirement = { key: string; operator: Operator; values: string[] };
/** AND of requirements; [] matches everything. */
export type LabelSelector = Requirement[];

// ---- lexer ----
type Tok = 'id' | 'end' | 'error' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin' | '(' | ')' | ',';
interface Item { tok: Tok; lit: string }

const SYMBOLS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', '<': '<', '!=': '!=', '(': '(' };
const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => '=!(),><'.includes(c);

function lex(text: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isWhitespace(text[i])) i++;
    if (i >= text.length) { items.push({ tok: 'end', lit: '' }); return items; }
    if (isSpecial(text[i])) {
      let buffer = '';
      let last: Item | undefined;
      while (i < text.length && isSpecial(text[i])) {
        buffer += text[i];
        const tok = SYMBOLS[buffer];
        if (tok) { last = { tok, lit: buffer }; i++; } else if (last) { break; } else { i++; }
      }
      if (!last) { items.push({ tok: 'error', lit: `error expected: keyword found '${buffer}'` }); continue; }
      items.push(last);
    } else {
      let word = '';
      while (i < text.length && !isWhitespace(text[i]) && !isSpecial(text[i])) word += text[i++];
      items.push({ tok: word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'id', lit: word });
    }
  }
}

class Parser {
  private readonly items: Item[];
  private pos = 0;
  constructor(text: string) { this.items = lex(text); }
  // Selector values may be the words "in"/"notin"; in that context they are identifiers.
  lookahead(): Item {
    const it = this.items[Math.min(this.pos, this.items.length - 1)];
    return it.tok === 'in' || it.tok === 'notin' ? { tok: 'id', lit: it.lit } : it;
  }
  consume(values: boolean): Item {
    const it = this.items[Math.min(this.pos, this.items.length - 1)];
    this.pos++;
    if (values && (it.tok === 'in' || it.tok === 'notin')) return { tok: 'id', lit: it.lit };
    return it;
  }
}

class SelectorError extends Error {}

function fieldInvalid(field: string, value: string, detail: string): string {
  return `${field}: Invalid value: ${renderValue(value)}: ${detail}`;
}

function newRequirement(key: string, operator: Operator, values: string[]): Requirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(fieldInvalid('key', key, keyErrs.join('; ')));
  const vals = [...new Set(values)].sort();
  const valuesField = 'values';
  switch (operator) {
    case 'In': case 'NotIn':
      if (vals.length === 0) errs.push(`${valuesField}: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case 'Equals': case 'NotEquals':
      if (vals.length !== 1) errs.push(`${valuesField}: Invalid value: ${JSON.stringify(vals)}: exact-match compatibility requires one single value`);
      break;
    case 'Exists': case 'DoesNotExist':
      if (vals.length !== 0) errs.push(`${valuesField}: Invalid value: ${JSON.stringify(vals)}: values set must be empty for exists and does not exist`);
      break;
    case 'GreaterThan': case 'LessThan':
      if (vals.length !== 1) errs.push(`${valuesField}: Invalid value: ${JSON.stringify(vals)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      vals.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v)) errs.push(fieldInvalid(`${valuesField}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  vals.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) errs.push(fieldInvalid(`${valuesField}[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  if (errs.length === 1) throw new SelectorError(errs[0]);
  if (errs.length > 1) throw new SelectorError(`[${errs.join(', ')}]`);
  return { key, operator, values: vals };
}

function parseRequirement(p: Parser): Requirement {
  let tok = p.consume(true);
  let operator: Operator | undefined;
  if (tok.tok === '!') { operator = 'DoesNotExist'; tok = p.consume(true); }
  if (tok.tok !== 'id') throw new SelectorError(`found '${tok.lit}', expected: identifier`);
  const key = tok.lit;
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) throw new SelectorError(fieldInvalid('key', key, keyErrs.join('; ')));
  const next = p.lookahead().tok;
  if ((next === 'end' || next === ',') && operator !== 'DoesNotExist') operator = 'Exists';
  if (operator) return newRequirement(key, operator, []);

  const opTok = p.consume(false);
  const ops: Partial<Record<Tok, Operator>> = { in: 'In', notin: 'NotIn', '=': 'Equals', '==': 'Equals', '!=': 'NotEquals', '>': 'GreaterThan', '<': 'LessThan' };
  const op = ops[opTok.tok];
  if (!op) throw new SelectorError(`found '${opTok.lit}', expected: in, notin, =, ==, !=, gt, lt`);
  const values = op === 'In' || op === 'NotIn' ? parseValues(p) : parseExactValue(p);
  return newRequirement(key, op, values);
}

function parseExactValue(p: Parser): string[] {
  const ahead = p.lookahead().tok;
  if (ahead === 'end' || ahead === ',') return [''];
  const tok = p.consume(true);
  if (tok.tok === 'id') return [tok.lit];
  throw new SelectorError(`found '${tok.lit}', expected: identifier`);
}

function parseValues(p: Parser): string[] {
  const open = p.consume(true);
  if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
  const ahead = p.lookahead();
  if (ahead.tok === 'id' || ahead.tok === ',') {
    const values = parseIdentifiersList(p);
    if (p.consume(true).tok !== ')') throw new SelectorError(`found '${ahead.lit}', expected: ')'`);
    return values;
  }
  if (ahead.tok === ')') { p.consume(true); return ['']; }
  throw new SelectorError(`found '${ahead.lit}', expected: ',', ')' or identifier`);
}

function parseIdentifiersList(p: Parser): string[] {
  const values = new Set<string>();
  for (;;) {
    const tok = p.consume(true);
    if (tok.tok === 'id') {
      values.add(tok.lit);
      const next = p.lookahead();
      if (next.tok === ',') continue;
      if (next.tok === ')') return [...values];
      throw new SelectorError(`found '${next.lit}', expected: ',' or ')'`);
    } else if (tok.tok === ',') {
      if (values.size === 0) values.add('');
      const next = p.lookahead().tok;
      if (next === ')') { values.add(''); return [...values]; }
      if (next === ',') { p.consume(true); values.add(''); }
    } else {
      throw new SelectorError(`found '${tok.lit}', expected: ',', or identifier`);
    }
  }
}

function parseLabels(text: string): LabelSelector {
  const p = new Parser(text);
  const requirements: LabelSelector = [];
  for (;;) {
    const ahead = p.lookahead();
    if (ahead.tok === 'end') return requirements;
    if (ahead.tok !== 'id' && ahead.tok !== '!') {
      throw new SelectorError(`found '${ahead.lit}', expected: !, identifier, or 'end of string'`);
    }
    try {
      requirements.push(parseRequirement(p));
    } catch (err) {
      throw new SelectorError(`unable to parse requirement: ${(err as Error).message}`);
    }
    const after = p.consume(true);
    if (after.tok === 'end') return requirements;
    if (after.tok === ',') {
      const next = p.lookahead();
      if (next.tok !== 'id' && next.tok !== '!') throw new SelectorError(`found '${next.lit}', expected: identifier after ','`);
    } else {
      throw new SelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
    }
  }
}

/** Parses `k=v,k==v,k!=v,k,!k,k in (a,b),k notin (a),k>1`; throws ApiError 400 with kube's wording. */
export function parseLabelSelector(text: string): LabelSelector {
  try {
    return parseLabels(text);
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(err.message);
    throw err;
  }
}

/** metav1.LabelSelector → requirements. An absent selector gives [] (matches everything). */
export function labelSelectorFromObject(sel: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
} | undefined): LabelSelector {
  if (!sel) return [];
  const requirements: LabelSelector = [];
  try {
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) requirements.push(newRequirement(k, 'Equals', [String(v)]));
    for (const expr of sel.matchExpressions ?? []) {
      const op = expr.operator;
      if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
        throw new SelectorError(`${JSON.stringify(op)} is not a valid label selector operator`);
      }
      requirements.push(newRequirement(expr.key, op, expr.values ?? []));
    }
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(err.message);
    throw err;
  }
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function matchesRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'In': case 'Equals': return has && r.values.includes(value as string);
    case 'NotIn': case 'NotEquals': return !has || !r.values.includes(value as string);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'GreaterThan': case 'LessThan': {
      if (!has || !/^[+-]?\d+$/.test(value as string) || r.values.length !== 1) return false;
      const left = BigInt(value as string);
      const right = BigInt(r.values[0]);
      return r.operator === 'GreaterThan' ? left > right : left < right;
    }
  }
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => matchesRequirement(r, l));
}

// ---- field selectors ----

export type FieldSelector = { field: string; op: '=' | '==' | '!='; value: string }[];

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) { current += c + text[i + 1]; i++; continue; }
    if (c === ',') { terms.push(current); current = ''; continue; }
    current += c;
  }
  terms.push(current);
  return terms;
}

function unescapeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      const next = value[i + 1];
      if (next === '\\' || next === ',' || next === '=') { out += next; i++; continue; }
      throw badRequest(`invalid field selector: invalid escape sequence: \\${next ?? ''}`);
    }
    if (c === ',' || c === '=') throw badRequest(`invalid field selector: unescaped character '${c}'`);
    out += c;
  }
  return out;
}

/** Parses `a=b,c!=d,e==f` (values may escape `\,` `\=` `\\`); throws ApiError 400. */
export function parseFieldSelector(text: string): FieldSelector {
  const out: FieldSelector = [];
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    let found: { field: string; op: '=' | '==' | '!='; rest: string } | undefined;
    for (let i = 0; i < term.length && !found; i++) {
      for (const op of ['!=', '==', '='] as const) {
        if (term.startsWith(op, i)) { found = { field: term.slice(0, i), op, rest: term.slice(i + op.length) }; break; }
      }
    }
    if (!found) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    out.push({ field: found.field, op: found.op, value: unescapeValue(found.rest) });
  }
  return out;
}

/** The string kube compares a field selector against: missing = "", booleans/numbers as text. */
export function fieldValue(object: Record<string, unknown>, path: string): string {
  let cur: unknown = object;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return '';
}

export function matchesFields(selector: FieldSelector, object: Record<string, unknown>): boolean {
  return selector.every((t) => (fieldValue(object, t.field) === t.value) === (t.op !== '!='));
}

const EVENT_FIELDS = ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
  'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent',
  'source', 'type'];
const EXTRA_FIELDS: Record<string, string[]> = {
  '/Event': EVENT_FIELDS,
  '/Pod': ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork',
    'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  '/Secret': ['type'],
  '/Namespace': ['status.phase'],
  '/Node': ['spec.unschedulable'],
  'batch/Job': ['status.successful'],
  'apps/ReplicaSet': ['status.replicas'],
  'certificates.k8s.io/CertificateSigningRequest': ['spec.signerName'],
};

/** Field labels a kind accepts in fieldSelector (every kind accepts metadata.name and metadata.namespace). */
export function supportedFieldLabels(group: string, kind: string, extra: string[] = []): string[] {
  return ['metadata.name', 'metadata.namespace', ...(EXTRA_FIELDS[`${group}/${kind}`] ?? []), ...extra];
}

/** Throws 400 `field label not supported: X` for a field the kind cannot be selected by. */
export function checkFieldSelector(selector: FieldSelector, supported: string[]): void {
  for (const t of selector) {
    if (!supported.includes(t.field)) throw badRequest(`field label not supported: ${t.field}`);
  }
}
