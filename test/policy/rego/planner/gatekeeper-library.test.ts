// Gatekeeper library suites (as `gator verify` runs them) through compile -> plan -> IR
// interpreter: checks the front half of the engine on the policies the product runs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { expect, test } from 'vitest';
import { compilePolicy } from '../../../../src/policy/rego/compiler/index.ts';
import { interpret } from '../../../../src/policy/ir/interpret.ts';

const root = resolve(import.meta.dirname, '../../../../../shared/conformance/gatekeeper-library');

// YAML fixtures are untyped documents.
type Obj = Record<string, any>;

function suites(d: string): string[] {
  return readdirSync(d).sort().flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? suites(p) : n === 'suite.yaml' ? [p] : [];
  });
}

// Some templates carry YAML the strict parser rejects (a quoted scalar's continuation line);
// only spec.targets is needed here.
const loadOne = (p: string): Obj => parseDocument(readFileSync(p, 'utf8'), { strict: false }).toJS() as Obj;
const loadAll = (p: string): Obj[] => parseAllDocuments(readFileSync(p, 'utf8')).map((d) => d.toJS() as Obj).filter(Boolean);

function review(obj: Obj): Obj {
  if (obj.kind === 'AdmissionReview') return obj.request;
  const [group, version] = String(obj.apiVersion).includes('/') ? String(obj.apiVersion).split('/') : ['', obj.apiVersion];
  return { kind: { group, version, kind: obj.kind }, name: obj.metadata?.name, namespace: obj.metadata?.namespace, operation: 'CREATE', object: obj };
}

function matches(constraint: Obj, r: Obj): boolean {
  const kinds = constraint.spec?.match?.kinds as Obj[] | undefined;
  if (!kinds) return true;
  return kinds.some(
    (k) => (k.apiGroups ?? ['*']).some((g: string) => g === '*' || g === r.kind?.group) && (k.kinds ?? ['*']).some((x: string) => x === '*' || x === r.kind?.kind),
  );
}

function inventory(dir: string, files: string[] | undefined): Obj {
  const inv: Obj = { cluster: {}, namespace: {} };
  for (const f of files ?? []) {
    for (const o of loadAll(join(dir, f))) {
      const ns = o.metadata?.namespace;
      const into = ns ? (inv.namespace[ns] ??= {}) : inv.cluster;
      ((into[o.apiVersion] ??= {})[o.kind] ??= {})[o.metadata.name] = o;
    }
  }
  return inv;
}

test('every gatekeeper-library suite case gives the expected violations through the IR interpreter', () => {
  const failures: string[] = [];
  let cases = 0;
  for (const suiteFile of suites(root)) {
    const dir = dirname(suiteFile);
    for (const t of loadOne(suiteFile).tests ?? []) {
      const target = loadOne(join(dir, t.template)).spec.targets[0];
      const code = (target.code ?? []).find((c: Obj) => c.engine === 'Rego')?.source;
      const rego: string = target.rego ?? code?.rego;
      const libs: string[] = target.libs ?? code?.libs ?? [];
      const entry = /package\s+([\w.]+)/.exec(rego)![1]!.replaceAll('.', '/') + '/violation';
      const policy = compilePolicy([rego, ...libs].map((source, i) => ({ filename: `${t.template}#${i}`, source })), { entrypoints: [entry], regoVersion: 0 });
      const constraint = loadAll(join(dir, t.constraint))[0]!;
      for (const c of t.cases ?? []) {
        cases++;
        const r = review(loadAll(join(dir, c.object))[0]!);
        let msgs: string[] = [];
        if (matches(constraint, r)) {
          const input = { review: r, parameters: constraint.spec?.parameters ?? {} };
          const rs = interpret(policy, entry, input, { inventory: inventory(dir, c.inventory) }) as { result: Obj[] }[];
          msgs = rs.length ? rs[0]!.result.map((v) => String(v.msg)) : [];
        }
        for (const a of c.assertions ?? []) {
          const n = a.message ? msgs.filter((m) => m.includes(a.message)).length : msgs.length;
          const want = a.violations ?? 'yes'; // gator's default
          const ok = want === 'yes' ? n > 0 : want === 'no' ? n === 0 : n === want;
          if (!ok) failures.push(`${suiteFile.slice(root.length)} ${t.name}/${c.name}: ${n} violations, want ${want} ${a.message ?? ''}`);
        }
      }
    }
  }
  expect(failures).toEqual([]);
  expect(cases).toBeGreaterThanOrEqual(270);
});
