// The hub side of bench/registration.ts, in its own process so its CPU and memory can be measured apart from the
// agents: the embedded API server (hub + N virtual managed clusters), bootstrapped, with the hub registration
// controllers accepting every cluster. Prints `ready <kubeconfig> <token>`; answers `mem` on stdin with one JSON line.
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { startApiServer } from '../../src/apiserver/server.ts';
import { bootstrapHub, startHubControllers } from '../../src/hub/registration/index.ts';
import { loadKubeConfig } from '../../src/kube/index.ts';

const [dataDir, countText] = process.argv.slice(2);
const count = Number(countText);
const clusters = Array.from({ length: count }, (_, i) => `bench${i + 1}`);
const server = await startApiServer({ dataDir, port: 0, clusters });
const hub = loadKubeConfig({ file: server.kubeconfigPath, context: 'hub' });
const { token } = await bootstrapHub(hub);
const controllers = await startHubControllers({
  kubeconfig: hub,
  logger: pino({ level: 'warn' }, pino.destination(2)),
  options: { autoAccept: true, autoApproveUsers: ['*'], webhook: { enabled: process.env.BENCH_WEBHOOKS !== '0' } },
});
process.stdout.write(`ready ${server.kubeconfigPath} ${token}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'mem') {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    process.stdout.write(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external }) + '\n');
  } else if (line === 'stop') {
    void controllers.stop().then(() => server.close()).then(() => process.exit(0));
  }
});
