// Policy engine throughput against its limit, on three gatekeeper-library templates
// (k8srequiredlabels, k8sallowedrepos, k8scontainerlimits) and a realistic ~4 KB Pod given as
// JSON text, as an admission request arrives. The limit is plain JavaScript that JSON.parses the
// same text and makes the same decision by hand. Also: first and warm compile time of a template
// and the engine's memory across a long run. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { clearCompileCache, compileModules } from '../src/policy/engine/compile.ts';
import { loadPolicy, type Policy } from '../src/policy/engine/policy.ts';
import { regoOfTemplate, type TemplateRego } from '../src/policy/gatekeeper/template.ts';

const LIBRARY = fileURLToPath(new URL('../../shared/conformance/gatekeeper-library/general/', import.meta.url));
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 2000);
const LONG_RUN = Number(process.env.BENCH_LONG_RUN ?? 1_000_000);
const LONG_RUN_BUDGET_MS = 60_000;

function container(name: string, image: string, cpu: string, memory: string) {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
    ],
    resources: { limits: { cpu, memory }, requests: { cpu: '100m', memory: '128Mi' } },
    volumeMounts: [
      { mountPath: '/etc/config', name: 'config', readOnly: true },
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-x7k2p', readOnly: true },
    ],
    livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10 },
    readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 5 },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'checkout-7d9f8b6c5-x2l4k',
    namespace: 'shop',
    generateName: 'checkout-7d9f8b6c5-',
    uid: '3f1c2a9e-8b7d-4e6f-9a1b-2c3d4e5f6a7b',
    labels: { app: 'checkout', owner: 'payments.agilebank.demo', 'pod-template-hash': '7d9f8b6c5', tier: 'backend', version: 'v2.14.1' },
    annotations: {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9090',
      'kubectl.kubernetes.io/restartedAt': '2026-11-20T10:15:00Z',
    },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'checkout-7d9f8b6c5', uid: '9a8b7c6d-5e4f-3a2b-1c0d-ef1234567890', controller: true, blockOwnerDeletion: true }],
  },
  spec: {
    containers: [
      container('checkout', 'openpolicyagent/checkout:2.14.1', '500m', '512Mi'),
      container('envoy', 'openpolicyagent/envoy:1.31.2', '200m', '256Mi'),
    ],
    initContainers: [container('migrate', 'openpolicyagent/migrate:2.14.1', '200m', '256Mi')],
    volumes: [
      { name: 'config', configMap: { name: 'checkout-config', defaultMode: 420 } },
      { name: 'kube-api-access-x7k2p', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } },
    ],
    serviceAccountName: 'checkout',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
  },
};

const review = { kind: { group: '', version: 'v1', kind: 'Pod' }, name: pod.metadata.name, namespace: pod.metadata.namespace, operation: 'CREATE', object: pod };

interface Case {
  name: string;
  template: string;
  parameters: Record<string, unknown>;
  limit: (text: string) => string[];
}

// ---- the JavaScript limit: the same decisions, by hand ----

const regexCache = new Map<string, RegExp>();
const re = (p: string) => regexCache.get(p) ?? regexCache.set(p, new RegExp(p)).get(p)!;

interface Input {
  review: { object: typeof pod };
  parameters: Record<string, unknown>;
}
type Container = ReturnType<typeof container> & { resources?: { limits?: Record<string, unknown> } };

function requiredLabels(text: string): string[] {
  const input = JSON.parse(text) as Input;
  const labels: Record<string, string> = input.review.object.metadata.labels ?? {};
  const wanted = input.parameters.labels as { key: string; allowedRegex?: string }[];
  const out: string[] = [];
  const missing = wanted.filter((l) => !(l.key in labels)).map((l) => l.key);
  if (missing.length) out.push(`you must provide labels: ${JSON.stringify(missing)}`);
  for (const l of wanted) {
    const v = labels[l.key];
    if (v !== undefined && l.allowedRegex && !re(l.allowedRegex).test(v)) out.push(`Label <${l.key}: ${v}> does not satisfy allowed regex: ${l.allowedRegex}`);
  }
  return out;
}

function allowedRepos(text: string): string[] {
  const input = JSON.parse(text) as Input;
  const repos = input.parameters.repos as string[];
  const spec = input.review.object.spec as unknown as Record<string, Container[] | undefined>;
  const out: string[] = [];
  for (const [field, label] of [['containers', 'container'], ['initContainers', 'initContainer'], ['ephemeralContainers', 'ephemeralContainer']]) {
    for (const c of spec[field] ?? []) {
      if (!repos.some((r) => c.image.startsWith(r))) out.push(`${label} <${c.name}> has an invalid image repo <${c.image}>, allowed repos are ${JSON.stringify(repos)}`);
    }
  }
  return out;
}

const MEM: Record<string, number> = { E: 1e21, P: 1e18, T: 1e15, G: 1e12, M: 1e9, k: 1e6, '': 1e3, m: 1, Ki: 1024e3, Mi: 1048576e3, Gi: 1073741824e3, Ti: 1099511627776e3, Pi: 1125899906842624e3, Ei: 1152921504606846976e3 };
const canonCpu = (v: unknown): number | undefined =>
  typeof v === 'number' ? v * 1000 : typeof v !== 'string' ? undefined : v.endsWith('m') ? Number(v.slice(0, -1)) : /^[0-9]+(\.[0-9]+)?$/.test(v) ? Number(v) * 1000 : undefined;
function canonMem(v: unknown): number | undefined {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return undefined;
  const suffix = v.length > 1 && v.slice(-2) in MEM ? v.slice(-2) : v.length > 0 && v.slice(-1) in MEM ? v.slice(-1) : '';
  const raw = v.slice(0, v.length - suffix.length);
  return /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) * MEM[suffix] : undefined;
}

function containerLimits(text: string): string[] {
  const input = JSON.parse(text) as Input;
  const p = input.parameters as { cpu: string; memory: string; exemptImages?: string[] };
  const spec = input.review.object.spec as unknown as Record<string, Container[] | undefined>;
  const out: string[] = [];
  const exempt = (img: string) => (p.exemptImages ?? []).some((e) => (e.endsWith('*') ? img.startsWith(e.slice(0, -1)) : e === img));
  for (const field of ['containers', 'initContainers']) {
    for (const c of spec[field] ?? []) {
      if (exempt(c.image)) continue;
      const limits = c.resources?.limits;
      if (!limits) {
        out.push(`container <${c.name}> has no resource limits`);
        continue;
      }
      const cpu = p.cpu !== '-1' ? canonCpu(limits.cpu) : undefined;
      const maxCpu = p.cpu !== '-1' ? canonCpu(p.cpu) : undefined;
      if (p.cpu !== '-1' && !limits.cpu) out.push(`container <${c.name}> has no cpu limit`);
      if (!limits.memory) out.push(`container <${c.name}> has no memory limit`);
      if (cpu !== undefined && maxCpu !== undefined && cpu > maxCpu) out.push(`container <${c.name}> cpu limit <${String(limits.cpu)}> is higher than the maximum allowed of <${p.cpu}>`);
      const mem = canonMem(limits.memory);
      const maxMem = canonMem(p.memory);
      if (mem !== undefined && maxMem !== undefined && mem > maxMem) out.push(`container <${c.name}> memory limit <${String(limits.memory)}> is higher than the maximum allowed of <${p.memory}>`);
    }
  }
  return out;
}

const allCases: Case[] = [
  { name: 'k8srequiredlabels', template: 'requiredlabels', parameters: { labels: [{ key: 'owner', allowedRegex: '^[a-zA-Z]+.agilebank.demo$' }, { key: 'app' }] }, limit: requiredLabels },
  { name: 'k8sallowedrepos', template: 'allowedrepos', parameters: { repos: ['openpolicyagent/', 'registry.agilebank.demo/'] }, limit: allowedRepos },
  { name: 'k8scontainerlimits', template: 'containerlimits', parameters: { cpu: '1', memory: '1Gi', exemptImages: ['istio/proxyv2:*'] }, limit: containerLimits },
];

// BENCH_POLICIES=name,name limits the run to some of the policies.
const only = process.env.BENCH_POLICIES?.split(',');
const cases = allCases.filter((c) => !only || only.includes(c.name));

// ---- measurement ----

/** CPU time of this process in ms: the machine is shared, so rates are per CPU-second of one core. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function rate(fn: () => unknown, ms = MEASURE_MS): number {
  for (let i = 0; i < 2000; i++) fn(); // warm up the JIT
  let n = 0;
  const start = cpuMs();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
    now = cpuMs();
  }
  return Math.round((n * 1000) / (now - start));
}

function readTemplate(dir: string): TemplateRego {
  return regoOfTemplate(parseYaml(readFileSync(`${LIBRARY}${dir}/template.yaml`, 'utf8')));
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mib = (n: number) => Math.round((n / 1048576) * 10) / 10;

const templates = cases.map((c) => readTemplate(c.template));
let t0 = cpuMs();
const firstWasm = await compileModules(templates[0].modules, { entrypoints: [templates[0].entrypoint], regoVersion: templates[0].regoVersion });
const firstCompileMs = Math.round(cpuMs() - t0);
const wasms = [firstWasm];
for (const t of templates.slice(1)) wasms.push(await compileModules(t.modules, { entrypoints: [t.entrypoint], regoVersion: t.regoVersion }));

const warm: number[] = [];
const warmTemplate = templates[templates.length - 1];
for (let i = 0; i < 5; i++) {
  clearCompileCache();
  t0 = cpuMs();
  await compileModules(warmTemplate.modules, { entrypoints: [warmTemplate.entrypoint], regoVersion: warmTemplate.regoVersion });
  warm.push(cpuMs() - t0);
}
warm.sort((a, b) => a - b);
const warmCompileMs = Math.round(warm[2]);

const policies: Record<string, unknown> = {};
const loaded: { policy: Policy; entrypoint: string; text: string }[] = [];
for (const [i, c] of cases.entries()) {
  const policy = loadPolicy(wasms[i]);
  const text = JSON.stringify({ review, parameters: c.parameters });
  const entrypoint = templates[i].entrypoint;
  const engineViolations = policy.evaluateJson(entrypoint, text).result as unknown[];
  const limitViolations = c.limit(text);
  const engine = rate(() => policy.evaluateJson(entrypoint, text));
  const limit = rate(() => c.limit(text));
  const parseOnly = rate(() => JSON.parse(text));
  policies[c.name] = {
    evalsPerSec: engine,
    jsLimitPerSec: limit,
    jsonParseOnlyPerSec: parseOnly,
    slowdown: Math.round((limit / engine) * 100) / 100,
    violations: engineViolations.length,
    sameDecision: engineViolations.length === limitViolations.length,
  };
  loaded.push({ policy, entrypoint, text });
}

// Memory across a long run on one policy: the SDK resets the wasm heap per evaluation.
const { policy, entrypoint, text } = loaded[0];
const wasmBytes = () => (policy.memoryPages() ?? 0) * 65536;
gc();
const before = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, wasm: wasmBytes() };
let evaluations = 0;
t0 = performance.now();
// RSS samples after each tenth of the run: the first tenth includes V8 growing its young
// generation and tiering up the module, which is a one-off; a leak keeps growing after it.
const rssSamples: number[] = [];
while (evaluations < LONG_RUN && performance.now() - t0 < LONG_RUN_BUDGET_MS) {
  for (let i = 0; i < 1000; i++) policy.evaluateJson(entrypoint, text);
  evaluations += 1000;
  if (evaluations % (LONG_RUN / 10) === 0) rssSamples.push(mib(process.memoryUsage().rss));
}
gc();
const after = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, wasm: wasmBytes() };

// growth of RSS from the end of the first tenth of the run to its end
const rssGrowthAfterWarmUp = rssSamples.length > 1 ? (rssSamples[rssSamples.length - 1] - rssSamples[0]) / rssSamples[0] : 0;
const perPolicy = Object.values(policies) as { evalsPerSec: number; slowdown: number; sameDecision: boolean }[];
console.log(
  JSON.stringify({
    bench: 'rego',
    rates: 'per CPU-second of one core (process CPU time, so other load on the machine does not count)',
    podBytes: JSON.stringify(review).length,
    policies,
    firstCompileMs,
    compileTimes: 'CPU ms',
    warmCompileMs,
    warmCompileTemplate: cases[cases.length - 1].name,
    memory: {
      policy: cases[0].name,
      evaluations,
      ...(evaluations < LONG_RUN ? { note: `stopped after ${LONG_RUN_BUDGET_MS / 1000} s instead of ${LONG_RUN} evaluations` } : {}),
      wasmMemoryMiB: { before: mib(before.wasm ?? 0), after: mib(after.wasm ?? 0) },
      rssMiB: { before: mib(before.rss), afterEachTenth: rssSamples, after: mib(after.rss) },
      jsHeapMiB: { before: mib(before.heap), after: mib(after.heap) },
    },
    targets: {
      within3xOfLimit: perPolicy.every((p) => p.slowdown <= 3),
      atLeast50kPerSec: perPolicy.every((p) => p.evalsPerSec >= 50_000),
      warmCompileAtMost200ms: warmCompileMs <= 200,
      sameDecisions: perPolicy.every((p) => p.sameDecision),
      memoryFlat: after.wasm === before.wasm && after.heap <= before.heap * 1.1 && rssGrowthAfterWarmUp <= 0.05,
    },
  }),
);
for (const l of loaded) l.policy.close();
