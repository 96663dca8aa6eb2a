import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import YAML from '/work/main/node_modules/yaml/dist/index.js';
import { compilePolicy } from '../../../src/policy/rego/compiler/index.ts';
import { generateWasm } from '../../../src/policy/wasm/codegen.ts';
import { loadPolicy } from '/work/main/node_modules/@open-policy-agent/opa-wasm/src/index.mjs';
const root = '/work/shared/conformance/gatekeeper-library';
const dirs: string[] = [];
for (const cat of readdirSync(root)) { const d = join(root, cat); if (!existsSync(join(d, 'kustomization.yaml')) || cat === 'LICENSE') continue;
  for (const t of readdirSync(d)) if (existsSync(join(d, t, 'suite.yaml'))) dirs.push(join(d, t)); }
let pass = 0, fail = 0; const failures: string[] = []; const compileTimes: number[] = [];
const anyPrefix = (s: any, p: any) => (Array.isArray(p) ? p : [p]).some((x: any) => String(s).startsWith(String(x)));
const anySuffix = (s: any, p: any) => (Array.isArray(p) ? p : [p]).some((x: any) => String(s).endsWith(String(x)));
const custom: any = { 'strings.any_prefix_match': anyPrefix, 'strings.any_suffix_match': anySuffix,
  'regex.match': (p: string, s: string) => new RegExp(p).test(s), 're_match': (p: string, s: string) => new RegExp(p).test(s) };
for (const dir of dirs) {
  const suite = YAML.parse(readFileSync(join(dir, 'suite.yaml'), 'utf8'));
  for (const test of suite.tests ?? []) {
    let tpl: any;
    try { tpl = YAML.parse(readFileSync(join(dir, test.template), 'utf8'), { strict: false, uniqueKeys: false }); } catch (e: any) { for (const c of test.cases ?? []) { fail++; failures.push(`${dir} ${test.name}/${c.name}: yaml: ${e.message.slice(0, 80)}`); } continue; }
    const target = tpl.spec.targets[0];
    let rego = target.rego ?? target.code?.find((c: any) => c.engine === 'Rego')?.source?.rego;
    const libs = target.libs ?? target.code?.find((c: any) => c.engine === 'Rego')?.source?.libs ?? [];
    const pkg = /package\s+([\w.]+)/.exec(rego)![1];
    let policy: any;
    try {
      const t0 = performance.now();
      const ir = compilePolicy([{ filename: 'template.rego', source: rego }, ...libs.map((l: string, i: number) => ({ filename: `lib${i}.rego`, source: l }))], { entrypoints: [pkg.replaceAll('.', '/') + '/violation'], regoVersion: 0 });
      const wasm = generateWasm(ir);
      compileTimes.push(performance.now() - t0);
      policy = await loadPolicy(wasm, undefined, custom);
    } catch (e: any) { for (const c of test.cases ?? []) { fail++; failures.push(`${dir} ${test.name}/${c.name}: compile: ${e.message ?? e}`); } continue; }
    const constraint = YAML.parse(readFileSync(join(dir, test.constraint), 'utf8'));
    for (const c of test.cases ?? []) {
      try {
        const obj = YAML.parse(readFileSync(join(dir, c.object), 'utf8'));
        let review: any;
        if (obj.kind === 'AdmissionReview') review = obj.request;
        else { const [g, v] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
          review = { kind: { group: g, version: v, kind: obj.kind }, name: obj.metadata?.name, namespace: obj.metadata?.namespace, operation: 'CREATE', object: obj }; }
        const inventory: any = { cluster: {}, namespace: {} };
        for (const f of c.inventory ?? []) { const o = YAML.parse(readFileSync(join(dir, f), 'utf8'));
          if (o.metadata?.namespace) { ((inventory.namespace[o.metadata.namespace] ??= {})[o.apiVersion] ??= {})[o.kind] ??= {}; inventory.namespace[o.metadata.namespace][o.apiVersion][o.kind][o.metadata.name] = o; }
          else { (inventory.cluster[o.apiVersion] ??= {})[o.kind] ??= {}; inventory.cluster[o.apiVersion][o.kind][o.metadata.name] = o; } }
        policy.setData({ inventory });
        const res = policy.evaluate({ review, parameters: constraint.spec?.parameters ?? {} });
        const v = res[0]?.result ?? [];
        let ok = true;
        for (const a of c.assertions ?? []) {
          let matching = v;
          if (a.message) matching = v.filter((x: any) => String(x.msg).includes(a.message));
          if (a.violations === undefined || a.violations === 'yes' || a.violations === true) ok &&= matching.length > 0;
          else if (a.violations === 'no' || a.violations === false) ok &&= matching.length === 0;
          else ok &&= matching.length === Number(a.violations);
        }
        if (ok) pass++; else { fail++; failures.push(`${dir} ${test.name}/${c.name}: got ${JSON.stringify(v).slice(0, 200)}`); }
      } catch (e: any) { fail++; failures.push(`${dir} ${test.name}/${c.name}: ${String(e.message ?? e).slice(0, 200)}`); }
    }
  }
}
console.log(failures.join('\n'));
compileTimes.sort((a, b) => a - b);
console.log(`${pass} passed, ${fail} failed; compile ms median ${compileTimes[compileTimes.length >> 1]?.toFixed(0)} max ${compileTimes.at(-1)?.toFixed(0)}`);
