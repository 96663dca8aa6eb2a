// Embedded API server throughput and latency, with the limits measured in the same run; prints one JSON line.
//   limits: raw node:sqlite single-row insert transactions/s (the store's durability settings) and POSTs/s of a trivial
//           HTTPS server (same certificate and TLS options) driven by the same load generator;
//   ours:   ConfigMap creates/s over HTTPS (16 concurrent keep-alive clients), latency to list 10,000 ConfigMaps in one
//           namespace, and p99 delay from a write to its event across 1,000 open watches.
// The server and the trivial server run as child processes; this process is the load generator. Both servers are
// warmed up, then measured in alternating slices. `cpuUs` adds the CPU time each process spent per request: on a
// shared machine the rates swing with the scheduler, the CPU costs much less.
// Run: `npm run bench -- apiserver` or `node_modules/.bin/node bench/apiserver.ts`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { combine, keepAliveAgent, percentile, runLoad, send, type LoadResult, type TlsClient } from './lib/load.ts';
import { processCpuMs } from './lib/cpu.ts';
import { measureSqliteInsertLimit } from './lib/sqlite-limit.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'src', 'cli', 'main.ts');
const TRIVIAL = join(here, 'lib', 'trivial-https.ts');
const WATCHERS_SCRIPT = join(here, 'lib', 'watchers.ts');

const CLIENTS = 16;
const LOAD_MS = 6_000;
const ROUNDS = 6;
const WARMUP_MS = 1_500;
const LIST_SIZE = 10_000;
const WATCHERS = 1_000;
const WATCH_WRITES = 100;
/** Writes (each fanned out to every watch) at a steady 10/s — the delay the target is about — then as a burst every 20 ms,
 *  where the 2 cores shared by the server and the watch clients saturate and queueing dominates. */
const WATCH_PHASES = [{ name: 'steady', intervalMs: 100 }, { name: 'burst', intervalMs: 20 }] as const;
const LIST_RUNS = 8;
/** Processes the 1,000 watches are spread over (so reading them does not delay the writer). */
const WATCHER_PROCESSES = 2;

function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      if (line.startsWith('ready ')) resolve({ child, url: line.slice('ready '.length) });
      else reject(new Error(`unexpected output from ${args.join(' ')}: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const configMap = (namespace: string, name: string): string => JSON.stringify({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { key: 'value', other: 'some longer value to make the row realistic' },
});

interface WatcherPool { child: ChildProcess; result: Promise<Record<string, string[]>> }

/** Starts a watcher process (bench/lib/watchers.ts) and resolves once all its watches are open. */
async function startWatchers(url: string, pki: string, path: string, count: number): Promise<WatcherPool> {
  const child = spawn(process.execPath, [WATCHERS_SCRIPT, url, pki, path, String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const result = new Promise<Record<string, string[]>>((resolve, reject) => {
    let ready = false;
    lines.on('line', (line) => {
      if (!ready && line === 'ready') { ready = true; return; }
      if (ready) resolve(JSON.parse(line) as Record<string, string[]>);
    });
    child.once('exit', (code) => reject(new Error(`watcher process exited with ${code}`)));
  });
  await new Promise<void>((resolve, reject) => {
    lines.once('line', (line) => (line === 'ready' ? resolve() : reject(new Error(`watcher process said: ${line}`))));
    child.once('exit', (code) => reject(new Error(`watcher process exited with ${code} before ready`)));
  });
  return { child, result };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ocm-bench-apiserver-'));
  const children: ChildProcess[] = [];
  const loadAtStart = loadavg()[0];
  try {
    const sqliteInsertsPerSec = measureSqliteInsertLimit(join(work, 'sqlite'), 3_000);

    const dataDir = join(work, 'data');
    const api = await startChild([CLI, 'apiserver', '--data-dir', dataDir, '--port', '0']);
    children.push(api.child);
    const pki = join(dataDir, 'pki');
    const tls: TlsClient = {
      ca: readFileSync(join(pki, 'ca.crt'), 'utf8'), cert: readFileSync(join(pki, 'admin.crt'), 'utf8'), key: readFileSync(join(pki, 'admin.key'), 'utf8'),
    };

    const agent = keepAliveAgent(tls, CLIENTS);
    const ns = (name: string): string => JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    for (const name of ['bench', 'list', 'watch']) {
      const r = await send(agent, api.url, 'POST', '/api/v1/namespaces', ns(name));
      if (r.status !== 201) throw new Error(`creating namespace ${name}: ${r.status} ${r.body}`);
    }

    // The baseline and our creates alternate in short slices, so that load from elsewhere on the machine hits both alike.
    const trivial = await startChild([TRIVIAL, pki]);
    children.push(trivial.child);
    const trivialAgent = keepAliveAgent(tls, CLIENTS);
    let created = 0;
    const baselineSlices: LoadResult[] = [];
    const createSlices: LoadResult[] = [];
    // CPU time (all threads) each process spends per request: unlike requests/s, barely moved by other work on the machine
    const cpu = { trivialMs: 0, oursMs: 0, generatorTrivialMs: 0, generatorOursMs: 0 };
    const timed = async (pid: number | undefined, run: () => Promise<LoadResult>): Promise<[LoadResult, number, number]> => {
      const server0 = processCpuMs(pid);
      const gen0 = process.cpuUsage();
      const result = await run();
      const gen = process.cpuUsage(gen0);
      return [result, processCpuMs(pid) - server0, (gen.user + gen.system) / 1000];
    };
    // both servers warm up first (JIT, connections, caches): the figures are steady-state rates
    await runLoad(trivialAgent, trivial.url, CLIENTS, WARMUP_MS,
      (i) => ({ method: 'POST', path: '/api/v1/namespaces/bench/configmaps', body: configMap('bench', `cm-${i}`) }), 201);
    await runLoad(agent, api.url, CLIENTS, WARMUP_MS,
      () => ({ method: 'POST', path: '/api/v1/namespaces/bench/configmaps', body: configMap('bench', `warm-${String(created++).padStart(6, '0')}`) }), 201);
    for (let round = 0; round < ROUNDS; round++) {
      const [base, baseCpu, baseGen] = await timed(trivial.child.pid, () => runLoad(trivialAgent, trivial.url, CLIENTS, LOAD_MS / ROUNDS,
        (i) => ({ method: 'POST', path: '/api/v1/namespaces/bench/configmaps', body: configMap('bench', `cm-${i}`) }), 201));
      const [ours, oursCpu, oursGen] = await timed(api.child.pid, () => runLoad(agent, api.url, CLIENTS, LOAD_MS / ROUNDS,
        () => ({ method: 'POST', path: '/api/v1/namespaces/bench/configmaps', body: configMap('bench', `cm-${String(created++).padStart(6, '0')}`) }), 201));
      baselineSlices.push(base);
      createSlices.push(ours);
      cpu.trivialMs += baseCpu;
      cpu.generatorTrivialMs += baseGen;
      cpu.oursMs += oursCpu;
      cpu.generatorOursMs += oursGen;
    }
    trivialAgent.destroy();
    await stopChild(trivial.child);
    const baseline = combine(baselineSlices);
    const creates = combine(createSlices);
    if (creates.ok < creates.requests) throw new Error(`${creates.requests - creates.ok} ConfigMap creates failed`);
    // A namespace with exactly LIST_SIZE ConfigMaps for the list figure (filling it is not timed).
    let filled = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (filled < LIST_SIZE) {
        const r = await send(agent, api.url, 'POST', '/api/v1/namespaces/list/configmaps', configMap('list', `cm-${String(filled++).padStart(6, '0')}`));
        if (r.status !== 201) throw new Error(`filling the list namespace: ${r.status} ${r.body}`);
      }
    }));

    const listTimes: number[] = [];
    let listItems = 0;
    const listCpu0 = processCpuMs(api.child.pid);
    for (let i = 0; i < LIST_RUNS; i++) {
      const t0 = performance.now();
      const r = await send(agent, api.url, 'GET', '/api/v1/namespaces/list/configmaps');
      const ms = performance.now() - t0;
      if (r.status !== 200) throw new Error(`list answered ${r.status}`);
      listItems = (JSON.parse(r.body) as { items: unknown[] }).items.length;
      if (i > 0) listTimes.push(ms); // the first run warms caches
    }
    const listCpuMs = processCpuMs(api.child.pid) - listCpu0;
    listTimes.sort((a, b) => a - b);

    const rv = (JSON.parse((await send(agent, api.url, 'GET', '/api/v1/namespaces/watch/configmaps')).body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const watchPath = `/api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=${rv}`;
    const pools: WatcherPool[] = [];
    for (let i = 0; i < WATCHER_PROCESSES; i++) {
      const pool = await startWatchers(api.url, pki, watchPath, WATCHERS / WATCHER_PROCESSES);
      children.push(pool.child);
      pools.push(pool);
    }
    const sentAt = new Map<string, bigint>();
    const watchCpu0 = processCpuMs(api.child.pid);
    const clientCpu0 = pools.reduce((ms, p) => ms + processCpuMs(p.child.pid), 0);
    // Two phases over the same watches: the delay at a steady rate (the target figure) and under a write burst.
    for (const phase of WATCH_PHASES) {
      for (let i = 0; i < WATCH_WRITES; i++) {
        const name = `${phase.name}-${i}`;
        sentAt.set(name, process.hrtime.bigint());
        const r = await send(agent, api.url, 'POST', '/api/v1/namespaces/watch/configmaps', configMap('watch', name));
        if (r.status !== 201) throw new Error(`watch write answered ${r.status}`);
        await new Promise((resolve) => setTimeout(resolve, phase.intervalMs));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // let the last events arrive
    const watchCpuMs = processCpuMs(api.child.pid) - watchCpu0;
    const watchClientCpuMs = pools.reduce((ms, p) => ms + processCpuMs(p.child.pid), 0) - clientCpu0;
    for (const pool of pools) pool.child.stdin!.end('done\n');
    const received = await Promise.all(pools.map((p) => p.result));
    let missing = 0;
    const delaysOf = (phase: string): number[] => {
      const delays: number[] = [];
      for (const [name, t0] of sentAt) {
        if (!name.startsWith(`${phase}-`)) continue;
        const got = received.flatMap((r) => r[name] ?? []);
        missing += WATCHERS - got.length;
        for (const t of got) delays.push(Number(BigInt(t) - t0) / 1e6);
      }
      return delays.sort((a, b) => a - b);
    };
    const delays = delaysOf(WATCH_PHASES[0].name);
    const burstDelays = delaysOf(WATCH_PHASES[1].name);
    agent.destroy();

    const createTarget = 0.5 * Math.min(sqliteInsertsPerSec, baseline.perSecond);
    const round = (n: number): number => Math.round(n * 10) / 10;
    const watchP99 = missing > 0 ? Number.POSITIVE_INFINITY : percentile(delays, 99);
    const result = {
      bench: 'apiserver',
      // Context for reading the figures: other work on the machine skews them.
      machine: { cpus: cpus().length, loadAverage1m: round(loadAtStart) },
      limits: { sqliteInsertTxPerSec: Math.round(sqliteInsertsPerSec), trivialHttpsPostsPerSec: Math.round(baseline.perSecond) },
      ours: {
        configMapCreatesPerSec: Math.round(creates.perSecond), createP50Ms: round(creates.p50Ms), createP99Ms: round(creates.p99Ms),
        listItems, listMedianMs: round(percentile(listTimes, 50)), listMaxMs: round(listTimes[listTimes.length - 1]),
        watchers: WATCHERS, watcherProcesses: WATCHER_PROCESSES, watchWrites: WATCH_WRITES, watchEventsMissing: missing,
        watchWriteIntervalMs: WATCH_PHASES[0].intervalMs,
        watchDelayP50Ms: round(percentile(delays, 50)), watchDelayP99Ms: Number.isFinite(watchP99) ? round(watchP99) : null,
        watchBurst: { writeIntervalMs: WATCH_PHASES[1].intervalMs, delayP50Ms: round(percentile(burstDelays, 50)), delayP99Ms: round(percentile(burstDelays, 99)) },
      },
      // CPU microseconds per request, all threads of each process (a watch event: the write and its fan-out to every
      // watch); unlike the rates above these barely move with other work on the machine
      cpuUs: {
        trivialServerPerPost: Math.round((1000 * cpu.trivialMs) / baseline.ok), ourServerPerCreate: Math.round((1000 * cpu.oursMs) / creates.ok),
        generatorPerTrivialPost: Math.round((1000 * cpu.generatorTrivialMs) / baseline.ok), generatorPerCreate: Math.round((1000 * cpu.generatorOursMs) / creates.ok),
        ourServerPerList: Math.round((1000 * listCpuMs) / LIST_RUNS), ourServerPerWatchEvent: Math.round((1000 * watchCpuMs) / (WATCH_WRITES * WATCH_PHASES.length)),
        watcherProcessesPerWatchEvent: Math.round((1000 * watchClientCpuMs) / (WATCH_WRITES * WATCH_PHASES.length)),
      },
      targets: { configMapCreatesPerSec: Math.round(createTarget), listMs: 150, watchDelayP99Ms: 50 },
      pass: {
        creates: creates.perSecond >= createTarget,
        list: listItems === LIST_SIZE && percentile(listTimes, 50) <= 150,
        watch: missing === 0 && watchP99 <= 50,
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const c of children) await stopChild(c);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
