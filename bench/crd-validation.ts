// Cost of CRD schema enforcement: ManifestWork creates/s (10 embedded manifests each) over HTTPS against two servers
// started the same way, one enforcing the schema (prune, default, validate, managedFields) and one not. Rounds
// alternate between them so background load hits both alike. Prints one JSON line.
// Run: `node_modules/.bin/node bench/crd-validation.ts`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parse } from 'yaml';
import { combine, keepAliveAgent, runLoad, send, type LoadResult } from './lib/load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SERVER = join(here, 'lib', 'crd-server.ts');
const CRD = join(here, '..', 'crds', 'work.open-cluster-management.io_manifestworks.yaml');
const CLIENTS = 8;
const ROUND_MS = 4_000;
const ROUNDS = 3;
const WORKS = '/apis/work.open-cluster-management.io/v1/namespaces/cluster1/manifestworks';

function manifests(i: number): unknown[] {
  return Array.from({ length: 10 }, (_, m) => (m % 2 === 0
    ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}-${m}`, namespace: 'apps' }, data: { key: 'value', index: String(m) } }
    : { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i}-${m}`, namespace: 'apps', labels: { app: `app-${m}` } },
      spec: { replicas: 2, selector: { matchLabels: { app: `app-${m}` } }, template: { metadata: { labels: { app: `app-${m}` } },
        spec: { containers: [{ name: 'main', image: 'quay.io/example/app:1.0', ports: [{ containerPort: 8080 }] }] } } } }));
}

const manifestWork = (i: number): string => JSON.stringify({
  apiVersion: 'work.open-cluster-management.io/v1', kind: 'ManifestWork', metadata: { name: `work-${i}`, namespace: 'cluster1' },
  spec: { workload: { manifests: manifests(i) }, deleteOption: { propagationPolicy: 'Foreground' } },
});

interface Target { mode: 'on' | 'off'; child: ChildProcess; url: string; dataDir: string; agent: ReturnType<typeof keepAliveAgent>; next: number }

async function start(mode: 'on' | 'off'): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), `ocm-bench-crd-${mode}-`));
  const child = spawn(process.execPath, [SERVER, dataDir, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => (line.startsWith('ready ') ? resolve(line.slice(6)) : reject(new Error(line))));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const pki = join(dataDir, 'pki');
  const tls = { ca: readFileSync(join(pki, 'ca.crt'), 'utf8'), cert: readFileSync(join(pki, 'admin.crt'), 'utf8'), key: readFileSync(join(pki, 'admin.key'), 'utf8') };
  const agent = keepAliveAgent(tls, CLIENTS);
  const crd = await send(agent, url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', JSON.stringify(parse(readFileSync(CRD, 'utf8'))));
  const ns = await send(agent, url, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cluster1' } }));
  if (crd.status !== 201 || ns.status !== 201) throw new Error(`setup failed: CRD ${crd.status} ${crd.body}; namespace ${ns.status}`);
  const probe = await send(agent, url, 'POST', WORKS, manifestWork(-1));
  if (probe.status !== 201) throw new Error(`a ManifestWork create failed (${mode}): ${probe.status} ${probe.body}`);
  return { mode, child, url, dataDir, agent, next: 0 };
}

async function stop(t: Target): Promise<void> {
  t.agent.destroy();
  const exited = new Promise((resolve) => t.child.once('exit', resolve));
  t.child.kill('SIGTERM');
  await exited;
  rmSync(t.dataDir, { recursive: true, force: true });
}

const round = (t: Target): Promise<LoadResult> =>
  runLoad(t.agent, t.url, CLIENTS, ROUND_MS, () => ({ method: 'POST', path: WORKS, body: manifestWork(t.next++) }), 201);

const on = await start('on');
const off = await start('off');
try {
  const results: Record<'on' | 'off', LoadResult[]> = { on: [], off: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of r % 2 === 0 ? [off, on] : [on, off]) results[t.mode].push(await round(t));
  }
  const enforced = combine(results.on);
  const plain = combine(results.off);
  const cost = 1 - enforced.perSecond / plain.perSecond;
  console.log(JSON.stringify({
    bench: 'crd-validation',
    machine: { loadAverage1m: +loadavg()[0].toFixed(1) },
    manifestsPerWork: 10,
    clients: CLIENTS,
    createsPerSecond: { enforced: Math.round(enforced.perSecond), unenforced: Math.round(plain.perSecond) },
    p50Ms: { enforced: +enforced.p50Ms.toFixed(2), unenforced: +plain.p50Ms.toFixed(2) },
    enforcementCostPercent: +(cost * 100).toFixed(1),
    targetPercent: 20,
    withinTarget: cost <= 0.2,
  }));
} finally {
  await Promise.all([stop(on), stop(off)]);
}
