import { generateWasm } from '../../../src/policy/wasm/codegen.ts';
import { PolicyBuilder } from './helpers.ts';
import { requiredLabels, podReview } from './fixtures.ts';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
const b = new PolicyBuilder();
b.plan('c', [[{ type: 'AssignVarStmt', source: { type: 'bool', value: true }, target: 2 }, ...b.result(2, 3)]]);
const text = JSON.stringify(podReview({ app: 'web', owner: 'alice' }));
const buf = new TextEncoder().encode(text).buffer;
const empty = new TextEncoder().encode('{}').buffer;
async function bench(name: string, wasm: Uint8Array, input: ArrayBuffer) {
  const p = await loadPolicy(wasm);
  for (let i = 0; i < 20000; i++) p.evaluate(input);
  const N = 100000; const t = performance.now();
  for (let i = 0; i < N; i++) p.evaluate(input);
  console.log(name, (N / ((performance.now() - t) / 1000)).toFixed(0));
}
await bench('const, empty input', generateWasm(b.build()), empty);
await bench('const, pod input (parse cost)', generateWasm(b.build()), buf);
await bench('required labels IR', generateWasm(requiredLabels()), buf);
let t = performance.now();
for (let i = 0; i < 100000; i++) JSON.parse(text);
console.log('JSON.parse only', (100000 / ((performance.now() - t) / 1000)).toFixed(0));
