// Authorization cost; prints one JSON line.
//   decisions: RBAC decisions/s and p50/p99 with 1,000 RoleBindings and 200 ClusterRoles (bench/lib/authz-decisions.ts);
//   GET overhead: the same GET of a ConfigMap over HTTPS by a non-admin certificate user (keep-alive, one client),
//                 against two servers in this process that differ only in authorization (on / off), each holding the
//                 same 1,000 RoleBindings and 200 ClusterRoles; rounds alternate between them so drift hits both.
// Targets: p99 decision <= 20 µs; authorization adds <= 10% to the GET's median latency.
// Run: `npm run bench -- authz` or `node_modules/.bin/node bench/authz.ts`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCertificate } from '../src/apiserver/auth/pki.ts';
import { startApiServer } from '../src/apiserver/server.ts';
import type { ApiServer } from '../src/apiserver/server.ts';
import { measureDecisions, syntheticRbac } from './lib/authz-decisions.ts';
import { keepAliveAgent, percentile, send } from './lib/load.ts';
import type { TlsClient } from './lib/load.ts';

const ROUNDS = 10;
const GETS_PER_ROUND = 300;
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

interface Target {
  server: ApiServer;
  dir: string;
  user: TlsClient;
  latencies: number[];
}

async function prepare(authorization: boolean): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'ocm-bench-authz-'));
  const server = await startApiServer({ dataDir: dir, security: { authorization } });
  const read = (f: string): string => readFileSync(join(dir, 'pki', f), 'utf8');
  const ca = { certPem: read('ca.crt'), keyPem: read('ca.key') };
  const admin = keepAliveAgent({ ca: ca.certPem, cert: read('admin.crt'), key: read('admin.key') }, 4);
  const post = async (path: string, obj: unknown): Promise<void> => {
    const r = await send(admin, server.url, 'POST', path, JSON.stringify(obj));
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${r.body}`);
  };
  const rbac = syntheticRbac();
  const namespaces = new Set(['bench', ...rbac.roleBindings.map((b) => b.metadata.namespace!)]);
  for (const ns of namespaces) await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (const cr of rbac.clusterRoles) await post(`${RBAC}/clusterroles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', ...cr });
  for (const b of rbac.clusterRoleBindings) await post(`${RBAC}/clusterrolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', ...b });
  for (const b of rbac.roleBindings) {
    await post(`${RBAC}/namespaces/${b.metadata.namespace}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', ...b });
  }
  await post('/api/v1/namespaces/bench/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe' }, data: { a: 'b' } });
  await post(`${RBAC}/namespaces/bench/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
    metadata: { name: 'reader-view' }, subjects: [{ kind: 'User', name: 'reader', apiGroup: 'rbac.authorization.k8s.io' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } });
  admin.destroy();
  const user = await issueCertificate(ca, { commonName: 'reader', organizations: ['team-7'], usage: 'client' });
  return { server, dir, user: { ca: ca.certPem, cert: user.certPem, key: user.keyPem }, latencies: [] };
}

async function round(t: Target, n: number): Promise<void> {
  const agent = keepAliveAgent(t.user, 1);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await send(agent, t.server.url, 'GET', '/api/v1/namespaces/bench/configmaps/probe');
    if (r.status !== 200) throw new Error(`GET as reader: ${r.status} ${r.body}`);
    t.latencies.push(performance.now() - t0);
  }
  agent.destroy();
}

async function main(): Promise<void> {
  const decisions = measureDecisions();
  const on = await prepare(true);
  const off = await prepare(false);
  try {
    await round(on, 200); // warm-up, discarded
    await round(off, 200);
    on.latencies = [];
    off.latencies = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [on, off] : [off, on];
      for (const t of order) await round(t, GETS_PER_ROUND);
    }
  } finally {
    for (const t of [on, off]) {
      await t.server.close();
      rmSync(t.dir, { recursive: true, force: true });
    }
  }
  const stats = (l: number[]) => {
    const s = [...l].sort((a, b) => a - b);
    return { p50Ms: +percentile(s, 50).toFixed(3), p99Ms: +percentile(s, 99).toFixed(3) };
  };
  const withAuthz = stats(on.latencies);
  const withoutAuthz = stats(off.latencies);
  const overheadPercent = +(((withAuthz.p50Ms - withoutAuthz.p50Ms) / withoutAuthz.p50Ms) * 100).toFixed(1);
  const pass = { decisionP99: decisions.p99Micros <= 20, getOverhead: overheadPercent <= 10 };
  console.log(JSON.stringify({
    bench: 'authz',
    rbac: { roleBindings: 1000, clusterRoles: 200 },
    decisions: { perSecond: decisions.decisionsPerSecond, p50Micros: decisions.p50Micros, p99Micros: decisions.p99Micros },
    get: { requests: on.latencies.length, withAuthorization: withAuthz, withoutAuthorization: withoutAuthz, overheadPercent },
    targets: { decisionP99Micros: 20, getOverheadPercent: 10 },
    pass,
    loadavg: +loadavg()[0].toFixed(2),
  }));
}

await main();
