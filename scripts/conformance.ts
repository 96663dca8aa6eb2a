// `npm run conformance -- [--cases DIR] [--gatekeeper DIR] [--filter TEXT] [--workers N]
//   [--write-passing FILE] [--check FILE] [--verbose]`
// Runs OPA's YAML cases (default ../shared/conformance/rego, v0 and v1) and the gatekeeper-library
// suites (default ../shared/conformance/gatekeeper-library) through the policy engine, prints
// pass/fail per folder and ends with `N passed, M failed`. With only one of --cases/--gatekeeper,
// only that corpus runs. --write-passing records the passing case ids; --check FILE exits 1 when
// any case listed in FILE fails (the checked-in list never shrinks).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { countByFolder, runConformance } from '../src/policy/engine/conformance/run.ts';
import type { CaseOutcome } from '../src/policy/engine/conformance/rego-cases.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    gatekeeper: { type: 'string' },
    filter: { type: 'string' },
    workers: { type: 'string' },
    'case-timeout': { type: 'string' },
    'write-passing': { type: 'string' },
    check: { type: 'string', multiple: true },
    verbose: { type: 'boolean', short: 'v' },
  },
});

const bothDefault = values.cases === undefined && values.gatekeeper === undefined;
const regoDir = values.cases ?? (bothDefault ? '../shared/conformance/rego' : undefined);
const gatekeeperDir = values.gatekeeper ?? (bothDefault ? '../shared/conformance/gatekeeper-library' : undefined);
for (const dir of [regoDir, gatekeeperDir]) {
  if (dir && !existsSync(dir)) {
    console.error(`conformance: folder ${dir} does not exist`);
    process.exit(2);
  }
}

const started = Date.now();
const result = await runConformance({
  regoDir,
  gatekeeperDir,
  filter: values.filter,
  workers: values.workers ? Number(values.workers) : undefined,
  caseTimeoutMs: values['case-timeout'] ? Number(values['case-timeout']) : undefined,
  onOutcome: (o) => {
    if (values.verbose && !o.ok) console.log(`FAIL ${o.id}: ${o.reason}`);
  },
});

function report(title: string, outcomes: CaseOutcome[], corpus: 'rego' | 'gatekeeper'): void {
  if (outcomes.length === 0) return;
  console.log(`== ${title}`);
  for (const f of countByFolder(outcomes, corpus)) {
    console.log(`${f.failed === 0 ? 'PASS' : 'FAIL'} ${f.folder.padEnd(48)} ${f.passed}/${f.passed + f.failed}`);
  }
  const passed = outcomes.filter((o) => o.ok).length;
  console.log(`${title}: ${passed} passed, ${outcomes.length - passed} failed`);
}

report('rego', result.rego, 'rego');
report('gatekeeper', result.gatekeeper, 'gatekeeper');
const all = [...result.rego, ...result.gatekeeper];
const passed = all.filter((o) => o.ok);

if (values['write-passing']) {
  writeFileSync(values['write-passing'], passed.map((o) => o.id).join('\n') + '\n');
}

let regressions = 0;
for (const file of values.check ?? []) {
  const byId = new Map(all.map((o) => [o.id, o]));
  for (const id of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    if (values.filter && !id.includes(values.filter)) continue;
    const o = byId.get(id);
    if (o?.ok) continue;
    regressions++;
    console.log(`REGRESSION ${id}: ${o ? o.reason : 'not run'}`);
  }
}

console.error(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${passed.length} passed, ${all.length - passed.length} failed`);
process.exit(regressions > 0 ? 1 : 0);
