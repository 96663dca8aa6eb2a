// METADATA annotations (`# METADATA` comment blocks of YAML before a package or rule) and the two
// builtins that read them, rego.metadata.rule() and rego.metadata.chain(). Both answer from the
// source alone, so calls are replaced by constants before planning.
import { parse as parseYaml } from 'yaml';
import type { Comment, Location, Module, Rule, Term } from '../ast.ts';
import { arrayTerm, boolTerm, nullTerm, numberTerm, objectTerm, refName, stringTerm } from '../ast-util.ts';
import { transformRule } from '../ast-walk.ts';
import { compileError } from './types.ts';

type Scope = 'rule' | 'document' | 'package' | 'subpackages';
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Annotation = { scope: Scope } & Record<string, Json>;

interface Block {
  yaml: string;
  start: Location;
  lastRow: number;
}

/** Comment blocks that start with `# METADATA`, each with the YAML of the lines after it. */
function metadataBlocks(comments: Comment[]): Block[] {
  const sorted = [...comments].sort((a, b) => a.location.row - b.location.row);
  const blocks: Block[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.text.trim() !== 'METADATA') continue;
    const lines: string[] = [];
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.location.row === sorted[j - 1]!.location.row + 1) {
      lines.push(sorted[j]!.text.replace(/^ /, ''));
      j++;
    }
    blocks.push({ yaml: lines.join('\n'), start: sorted[i]!.location, lastRow: sorted[j - 1]!.location.row });
    i = j - 1;
  }
  return blocks;
}

const KEYS = new Set(['scope', 'title', 'description', 'organizations', 'related_resources', 'authors', 'schemas', 'entrypoint', 'custom']);

function author(a: Json): Json {
  if (typeof a !== 'string') return a;
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(a.trim());
  if (!m) return { name: a.trim() };
  return m[1] ? { name: m[1], email: m[2]! } : { email: m[2]! };
}

/** The annotation as rego.metadata.* returns it: authors and related resources as objects. */
function normalise(raw: unknown, defaultScope: Scope, loc: Location): Annotation {
  if (raw === null || raw === undefined) return { scope: defaultScope };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw compileError('rego_parse_error', 'invalid metadata: expected a YAML mapping', loc);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(raw as Record<string, Json>)) {
    if (!KEYS.has(k)) throw compileError('rego_parse_error', `invalid metadata: unknown key "${k}"`, loc);
    if (k === 'authors') out[k] = (Array.isArray(v) ? v : [v]).map(author);
    else if (k === 'related_resources') out[k] = (Array.isArray(v) ? v : [v]).map((r) => (typeof r === 'string' ? { ref: r } : r));
    else out[k] = v;
  }
  const scope = (out.scope ?? defaultScope) as Scope;
  if (!['rule', 'document', 'package', 'subpackages'].includes(scope)) throw compileError('rego_parse_error', `invalid metadata: unknown scope "${String(scope)}"`, loc);
  return { ...out, scope };
}

interface RuleSite {
  pkg: string[];
  name: string;
}

/** Where every annotation of a set of modules applies. */
export class Annotations {
  private readonly ofRule = new Map<Rule, Annotation>();
  private readonly ofDocument = new Map<string, Annotation>();
  private readonly ofPackage = new Map<string, Annotation>();
  private readonly ofSubpackages = new Map<string, Annotation>();

  constructor(modules: { module: Module; pkg: string[]; ruleName: (r: Rule) => string }[]) {
    for (const { module, pkg, ruleName } of modules) {
      for (const b of metadataBlocks(module.comments)) {
        let raw: unknown;
        try {
          raw = parseYaml(b.yaml);
        } catch (e) {
          throw compileError('rego_parse_error', `invalid metadata: ${(e as Error).message.split('\n')[0]}`, b.start);
        }
        const rule = module.rules.find((r) => r.location.row > b.lastRow);
        const onPackage = module.package.location.row > b.lastRow && (!rule || module.package.location.row < rule.location.row);
        if (onPackage) {
          const a = normalise(raw, 'package', b.start);
          if (a.scope === 'rule' || a.scope === 'document') throw compileError('rego_parse_error', `invalid metadata: scope "${a.scope}" on a package`, b.start);
          (a.scope === 'package' ? this.ofPackage : this.ofSubpackages).set(pkg.join('.'), a);
        } else if (rule) {
          const a = normalise(raw, 'rule', b.start);
          if (a.scope === 'rule') this.ofRule.set(rule, a);
          else if (a.scope === 'document') this.ofDocument.set([...pkg, ruleName(rule)].join('.'), a);
          else (a.scope === 'package' ? this.ofPackage : this.ofSubpackages).set(pkg.join('.'), a);
        }
      }
    }
  }

  /** rego.metadata.rule(): the rule's own annotation, {} without one. */
  rule(r: Rule): Json {
    return this.ofRule.get(r) ?? {};
  }

  /** rego.metadata.chain(): from the rule up to the root, each entry with its path. */
  chain(r: Rule, site: RuleSite): Json[] {
    const rulePath = [...site.pkg, site.name];
    const own = this.ofRule.get(r);
    const out: Json[] = [{ path: rulePath, ...(own ? { annotations: own } : {}) }];
    const doc = this.ofDocument.get(rulePath.join('.'));
    if (doc) out.push({ path: rulePath, annotations: doc });
    const pkg = this.ofPackage.get(site.pkg.join('.'));
    if (pkg) out.push({ path: site.pkg, annotations: pkg });
    for (let n = site.pkg.length; n >= 0; n--) {
      const sub = this.ofSubpackages.get(site.pkg.slice(0, n).join('.'));
      if (sub) out.push({ path: site.pkg.slice(0, n), annotations: sub });
    }
    return out;
  }

  /** Replaces rego.metadata.rule() / chain() calls in `r` (and its else branches) by their values. */
  inline(r: Rule, site: RuleSite): void {
    transformRule(r, (t) => {
      if (t.value.type !== 'call' || t.value.args.length !== 0) return t;
      const name = refName(t.value.operator);
      if (name === 'rego.metadata.rule') return jsonTerm(this.rule(r), t.location);
      if (name === 'rego.metadata.chain') return jsonTerm(this.chain(r, site), t.location);
      return t;
    });
  }
}

function jsonTerm(v: Json, loc: Location): Term {
  if (v === null) return nullTerm(loc);
  if (typeof v === 'boolean') return boolTerm(v, loc);
  if (typeof v === 'number') return numberTerm(String(v), loc);
  if (typeof v === 'string') return stringTerm(v, loc);
  if (Array.isArray(v)) return arrayTerm(v.map((x) => jsonTerm(x, loc)), loc);
  return objectTerm(Object.entries(v).map(([k, x]) => [stringTerm(k, loc), jsonTerm(x, loc)]), loc);
}
