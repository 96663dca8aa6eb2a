import { generateWasm } from '../../../src/policy/wasm/codegen.ts';
import { compilePolicy } from '../../../src/policy/rego/compiler/index.ts';
import { podReview } from './fixtures.ts';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
const src = `package k8srequiredlabels
violation[{"msg": msg, "details": {"missing_labels": missing}}] {
  provided := {label | input.review.object.metadata.labels[label]}
  required := {label | label := input.parameters.labels[_]}
  missing := required - provided
  count(missing) > 0
  msg := sprintf("you must provide labels: %v", [missing])
}`;
let t = performance.now();
let wasm!: Uint8Array;
for (let i = 0; i < 10; i++) wasm = generateWasm(compilePolicy([{ filename: 'a.rego', source: src }], { entrypoints: ['k8srequiredlabels/violation'], regoVersion: 0 }));
console.log('compile ms (avg of 10)', ((performance.now() - t) / 10).toFixed(1));
const p = await loadPolicy(wasm);
const text = JSON.stringify(podReview({ app: 'web', owner: 'alice' }));
const buf = new TextEncoder().encode(text).buffer;
for (let i = 0; i < 20000; i++) p.evaluate(buf, 'k8srequiredlabels/violation');
const N = Number(process.argv[2] ?? 100000);
t = performance.now();
for (let i = 0; i < N; i++) p.evaluate(buf, 'k8srequiredlabels/violation');
console.log('wasm eval/s', (N / ((performance.now() - t) / 1000)).toFixed(0), 'input bytes', text.length);
t = performance.now();
let c = 0;
for (let i = 0; i < N; i++) {
  const o = JSON.parse(text);
  const labels = o.review.object.metadata.labels ?? {};
  const missing = o.parameters.labels.filter((l: string) => !(l in labels)).sort();
  if (missing.length > 0) c += [{ msg: `you must provide labels: ${missing.join(', ')}` }].length;
}
console.log('js eval/s', (N / ((performance.now() - t) / 1000)).toFixed(0), c > 0);
