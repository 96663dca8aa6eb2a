// `ocm policy eval | build | test`: the policy engine on the command line, modelled on `opa eval`,
// `opa build -t wasm` and `opa test`, without needing the opa binary.
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { compileModules } from '../policy/engine/compile.ts';
import { writeBundle } from '../policy/engine/bundle.ts';
import { PolicyError } from '../policy/engine/errors.ts';
import { entrypointName, loadPolicy, type Policy } from '../policy/engine/policy.ts';
import { runTests } from '../policy/engine/rego-test.ts';
import { loadSources } from '../policy/engine/sources.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

function regoVersion(opts: { v0Compatible?: boolean }): 0 | 1 {
  return opts.v0Compatible ? 0 : 1;
}

/** `data.k8s.deny` → `k8s/deny`; anything but a plain ref under data is refused. */
function queryEntrypoint(query: string): string {
  const q = query.trim();
  if (!/^data(\.[A-Za-z_][A-Za-z0-9_]*|\["[^"\]]+"\])*$/.test(q)) {
    throw new PolicyError('invalid_query', `query ${query}: expected a reference under data, such as data.k8s.deny`);
  }
  const parts = [...q.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\["([^"\]]+)"\]/g)].map((m) => m[1] ?? m[2]);
  if (parts.length === 0) throw new PolicyError('invalid_query', `query ${query}: name a package or rule under data, such as data.k8s.deny`);
  return parts.join('/');
}

function readInput(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (extname(file) === '.yaml' || extname(file) === '.yml') return JSON.stringify(parseYaml(text));
  try {
    JSON.parse(text);
  } catch (e) {
    throw new PolicyError('invalid_input', `--input ${file}: not valid JSON: ${(e as Error).message}`);
  }
  return text;
}

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new PolicyError('invalid_options', `${name} must be a positive integer, got ${v}`);
    return n;
  };
}

interface EvalOpts {
  data: string[];
  bundle?: string;
  input?: string;
  v0Compatible?: boolean;
  timeout?: number;
  maxSteps?: number;
  maxMemoryPages?: number;
}

async function evalCommand(query: string, opts: EvalOpts): Promise<void> {
  const entrypoint = queryEntrypoint(query);
  let policy: Policy;
  const limits = { timeoutMs: opts.timeout, maxSteps: opts.maxSteps, maxMemoryPages: opts.maxMemoryPages };
  if (opts.bundle) {
    if (opts.data.length > 0) throw new PolicyError('invalid_options', '--bundle and --data cannot be combined');
    policy = loadPolicy(opts.bundle, limits);
  } else {
    const src = loadSources(opts.data);
    if (src.modules.length === 0) throw new PolicyError('invalid_options', 'no .rego modules found: pass them with --data FILE|DIR');
    const wasm = await compileModules(src.modules, { entrypoints: [entrypoint], regoVersion: regoVersion(opts) });
    policy = loadPolicy(wasm, { ...limits, data: src.data });
  }
  try {
    const r = opts.input ? policy.evaluateJson(entrypoint, readInput(opts.input)) : policy.evaluate(entrypoint);
    process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  } finally {
    policy.close();
  }
}

interface BuildOpts {
  entrypoint: string[];
  output: string;
  v0Compatible?: boolean;
  revision?: string;
}

async function buildCommand(paths: string[], opts: BuildOpts): Promise<void> {
  if (opts.entrypoint.length === 0) throw new PolicyError('invalid_options', 'name at least one entrypoint with -e, such as -e k8s/deny');
  const src = loadSources(paths);
  if (src.modules.length === 0) throw new PolicyError('invalid_options', `no .rego modules found in ${paths.join(', ')}`);
  const entrypoints = opts.entrypoint.map(entrypointName);
  const wasm = await compileModules(src.modules, { entrypoints, regoVersion: regoVersion(opts) });
  const bundle = writeBundle({ wasm, entrypoints, data: src.data, modules: src.modules, regoVersion: regoVersion(opts), revision: opts.revision });
  writeFileSync(opts.output, bundle);
}

interface TestOpts {
  v0Compatible?: boolean;
  verbose?: boolean;
  timeout?: number;
}

async function testCommand(paths: string[], opts: TestOpts): Promise<void> {
  const src = loadSources(paths);
  const results = await runTests(src.modules, { regoVersion: regoVersion(opts), data: src.data, timeoutMs: opts.timeout });
  for (const r of results) {
    if (!r.pass) process.stdout.write(`FAIL ${r.name} (${r.reason})\n`);
    else if (opts.verbose) process.stdout.write(`PASS ${r.name}\n`);
  }
  const failed = results.filter((r) => !r.pass).length;
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  if (failed > 0) process.exitCode = 1;
}

export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('compile, evaluate, bundle and test Rego policies (OPA wasm engine)');
  const v0 = () => new Option('--v0-compatible', 'parse modules as Rego v0 (pre-1.0 syntax)');

  policy
    .command('eval')
    .description('evaluate a query such as data.k8s.deny; prints {"result": ...}, or {} when undefined')
    .argument('<query>', 'a reference under data, e.g. data.k8s.deny')
    .option('-d, --data <path>', '.rego module, .json/.yaml data, or a directory of them (repeatable)', collect, [])
    .option('-b, --bundle <path>', 'evaluate a bundle (tar.gz, from ocm policy build or opa build -t wasm) or a policy.wasm')
    .option('-i, --input <file>', 'input document (JSON or YAML)')
    .option('--timeout <ms>', 'evaluation time limit in milliseconds', positiveInt('--timeout'))
    .option('--max-steps <n>', 'loop iterations one evaluation may take (modules compiled by ocm)', positiveInt('--max-steps'))
    .option('--max-memory-pages <n>', 'memory limit in 64 KiB pages', positiveInt('--max-memory-pages'))
    .addOption(v0())
    .action((query: string, opts: EvalOpts) => evalCommand(query, opts));

  policy
    .command('build')
    .description('compile Rego to wasm and write an OPA bundle (.manifest, data.json, policy.wasm)')
    .argument('<paths...>', '.rego and data files or directories')
    .option('-e, --entrypoint <entry>', 'entrypoint, e.g. k8s/deny or data.k8s.deny (repeatable)', collect, [])
    .option('-o, --output <file>', 'bundle file to write', 'bundle.tar.gz')
    .option('-r, --revision <rev>', 'bundle revision recorded in .manifest')
    .addOption(v0())
    .action((paths: string[], opts: BuildOpts) => buildCommand(paths, opts));

  policy
    .command('test')
    .description('run test_ rules like opa test; prints "N passed, M failed"')
    .argument('<paths...>', '.rego and data files or directories')
    .option('-v, --verbose', 'also list passing tests')
    .option('--timeout <ms>', 'time limit per test in milliseconds', positiveInt('--timeout'))
    .addOption(v0())
    .action((paths: string[], opts: TestOpts) => testCommand(paths, opts));
}
