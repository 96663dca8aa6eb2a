// Registration at scale; prints one JSON line. The hub (embedded API server serving the hub and N virtual managed
// clusters, plus the hub registration controllers with auto-accept) runs in a child process; this process runs N
// registration agents, one per virtual cluster, each joining over HTTPS with the bootstrap token.
//   registerSeconds: from starting the agents until all N ManagedClusters are Joined and Available (target: 1,000 in 60 s);
//   hubCpuPer1000: the hub process's CPU share (of one core) at steady state with 60 s leases, scaled to 1,000 clusters
//                  (target ≤ 5 %); it includes serving the virtual managed clusters the agents read. The window opens
//                  one lease period after the last join: on its first heartbeat after joining each agent opens a second
//                  connection (its ManagedCluster watch holds the first), a one-time handshake per agent that
//                  firstLeaseHubCpuPer1000 reports apart;
//   hubMemoryPerClusterMB: growth of the hub process's RSS from before the agents started to steady state, per cluster
//                  (target ≤ 5 MB); the virtual clusters themselves are created before the first measurement.
// Run: `npm run bench -- registration` (N=1000, 60 s window); BENCH_CLUSTERS and BENCH_STEADY_SECONDS override.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ManagedCluster } from '../src/api/index.ts';
import { managedClusterResource } from '../src/api/index.ts';
import { bootstrapKubeConfig, hubEndpoint, startRegistrationAgent } from '../src/agent/registration/index.ts';
import type { RegistrationAgent } from '../src/agent/registration/index.ts';
import { KubeClient, isConditionTrue, loadKubeConfig, withContext } from '../src/kube/index.ts';
import type { Condition } from '../src/kube/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.BENCH_CLUSTERS ?? 1000);
const STEADY_S = Number(process.env.BENCH_STEADY_SECONDS ?? 60);
const LEASE_SECONDS = 60;
const REGISTER_TIMEOUT_MS = 240_000;

const dataDir = mkdtempSync(join(tmpdir(), 'ocm-bench-reg-'));
const hubProc = spawn(process.execPath, ['--expose-gc', join(here, 'lib', 'registration-hub.ts'), dataDir, String(N)], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: hubProc.stdout! });
const nextLine = (): Promise<string> => new Promise((resolve) => lines.once('line', resolve));
const hubMemory = async (): Promise<{ rss: number; heapUsed: number }> => {
  const answer = nextLine();
  hubProc.stdin!.write('mem\n');
  return JSON.parse(await answer) as { rss: number; heapUsed: number };
};
/** utime + stime of the hub process in seconds (/proc/PID/stat fields 14 and 15, in clock ticks). */
const hubCpuSeconds = (): number => {
  const fields = readFileSync(`/proc/${hubProc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const agents: RegistrationAgent[] = [];
try {
  const startedHub = Date.now();
  const ready = await Promise.race([nextLine(), new Promise<string>((_, reject) => hubProc.once('exit', (c) => reject(new Error(`hub exited with ${c}`))))]);
  const [, kubeconfigPath, token] = ready.split(' ');
  const hubStartSeconds = (Date.now() - startedHub) / 1000;
  const base = loadKubeConfig({ file: kubeconfigPath });
  const hub = withContext(base, 'hub');
  const bootstrap = bootstrapKubeConfig(hubEndpoint(hub), token);
  const admin = new KubeClient(hub);
  const before = await hubMemory();

  const t0 = Date.now();
  const regCpu0 = hubCpuSeconds();
  const agentCpu0 = process.cpuUsage();
  for (let i = 1; i <= N; i++) {
    agents.push(startRegistrationAgent({ clusterName: `bench${i}`, managedKubeconfig: withContext(base, `bench${i}`), bootstrapKubeconfig: bootstrap, leaseDurationSeconds: LEASE_SECONDS }));
  }
  let joined = 0;
  const progress: Record<string, number> = {};
  while (joined < N) {
    if (Date.now() - t0 > REGISTER_TIMEOUT_MS) break; // reported as timedOut with the count that made it
    await sleep(500);
    const items = (await admin.resource<ManagedCluster>(managedClusterResource).listAll()).items;
    joined = items.filter((mc) => {
      const c = mc.status?.conditions as Condition[] | undefined;
      return isConditionTrue(c, 'ManagedClusterJoined') && isConditionTrue(c, 'ManagedClusterConditionAvailable');
    }).length;
    const s10 = `${Math.floor((Date.now() - t0) / 10_000) * 10}s`;
    progress[s10] = joined;
  }
  const registerSeconds = (Date.now() - t0) / 1000;
  const registerHubCpuShare = (hubCpuSeconds() - regCpu0) / registerSeconds;
  const agentCpu = process.cpuUsage(agentCpu0);
  const registerAgentsCpuShare = (agentCpu.user + agentCpu.system) / 1e6 / registerSeconds;

  // let the registration burst settle, measure the first lease period after it, then a steady window of 60 s leases
  await sleep(10_000);
  const first0 = hubCpuSeconds();
  const f0 = Date.now();
  await sleep(LEASE_SECONDS * 1000);
  const firstLeaseCpuShare = (hubCpuSeconds() - first0) / ((Date.now() - f0) / 1000);
  const cpu0 = hubCpuSeconds();
  const agentSteady0 = process.cpuUsage();
  const w0 = Date.now();
  await sleep(STEADY_S * 1000);
  const windowS = (Date.now() - w0) / 1000;
  const cpuShare = (hubCpuSeconds() - cpu0) / windowS;
  const agentSteady = process.cpuUsage(agentSteady0);
  const agentsCpuShare = (agentSteady.user + agentSteady.system) / 1e6 / windowS;
  const after = await hubMemory();
  admin.close();
  process.stdout.write(
    JSON.stringify({
      bench: 'registration',
      hubWebhooks: process.env.BENCH_WEBHOOKS !== '0',
      clusters: N,
      hubStartSeconds: +hubStartSeconds.toFixed(1),
      registerSeconds: +registerSeconds.toFixed(1),
      joined,
      timedOut: joined < N,
      joinedBy: progress,
      registerHubCpuShare: +registerHubCpuShare.toFixed(2),
      registerAgentsCpuShare: +registerAgentsCpuShare.toFixed(2),
      registerTargetMet: joined === N && registerSeconds * (1000 / N) <= 60,
      steadyWindowSeconds: STEADY_S,
      leaseDurationSeconds: LEASE_SECONDS,
      firstLeaseHubCpuPer1000: +((firstLeaseCpuShare * 1000) / N).toFixed(4),
      hubCpuShare: +cpuShare.toFixed(4),
      hubCpuPer1000: +((cpuShare * 1000) / N).toFixed(4),
      agentsCpuPer1000: +((agentsCpuShare * 1000) / N).toFixed(4),
      hubRssMB: +(after.rss / 2 ** 20).toFixed(1),
      hubMemoryPerClusterMB: +((after.rss - before.rss) / N / 2 ** 20).toFixed(3),
      hubHeapPerClusterMB: +((after.heapUsed - before.heapUsed) / N / 2 ** 20).toFixed(3),
      hubRssPerClusterTotalMB: +(after.rss / N / 2 ** 20).toFixed(3),
      loadavg1m: +loadavg()[0].toFixed(1),
      cores: cpus().length,
    }) + '\n',
  );
} finally {
  await Promise.all(agents.map((a) => a.stop()));
  hubProc.stdin!.write('stop\n');
  await Promise.race([new Promise((r) => hubProc.once('exit', r)), sleep(10_000)]);
  hubProc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
