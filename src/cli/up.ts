// `ocm up` (what `npm start` runs): the hub in a box. The embedded API server with the hub and N virtual managed
// clusters, the hub bootstrapped with its registration controllers, and one registration agent per cluster that
// joins with a bootstrap token. The user accepts the clusters (`ocm accept`, or kubectl), or --auto-accept does.
// Restarting on the same data directory resumes where it was: agents keep their certificates.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { join, resolve } from 'node:path';
import { loadKubeConfig } from '../kube/index.ts';
import { waitForStopSignal } from './signals.ts';
import { startHubInABox } from './hub-in-a-box.ts';

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new InvalidArgumentError(`--clusters must be an integer from 0 to 10000, got "${value}"`);
  return n;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3600) throw new InvalidArgumentError(`--lease-duration must be whole seconds from 1 to 3600, got "${value}"`);
  return n;
}

/** The port the hub listened on last time (from DIR/kubeconfig), so contexts and agents' hub URLs stay valid. */
function previousPort(dataDir: string): number | undefined {
  try {
    const port = Number(new URL(loadKubeConfig({ file: join(dataDir, 'kubeconfig'), context: 'hub' }).getCurrentCluster()!.server).port);
    return port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

export function clusterNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `cluster${i + 1}`);
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('run the hub in a box: the embedded hub with its controllers and N managed clusters whose agents join')
    .option('--data-dir <dir>', 'where state, certificates and the kubeconfig live', '.ocm')
    .option('--clusters <n>', 'number of managed clusters (cluster1..clusterN)', parseCount, 3)
    .option('--port <n>', 'port to listen on (default: the port of the last run on this data dir, else a free one)', (v) => Number(v))
    .option('--auto-accept', 'accept every cluster that asks to join (demos)', false)
    .option('--lease-duration <seconds>', 'lease duration of new clusters', parseSeconds, 60)
    .action(async (opts: { dataDir: string; clusters: number; port?: number; autoAccept: boolean; leaseDuration: number }) => {
      const dataDir = resolve(opts.dataDir);
      const clusters = clusterNames(opts.clusters);
      const start = (port: number) => startHubInABox({ dataDir, port, clusters, autoAccept: opts.autoAccept, leaseDurationSeconds: opts.leaseDuration });
      const last = opts.port === undefined ? previousPort(dataDir) : undefined;
      const box = await start(opts.port ?? last ?? 0).catch((err: NodeJS.ErrnoException) => {
        if (last !== undefined && err.code === 'EADDRINUSE') return start(0); // the old port is taken: any port will do
        throw err;
      });
      for (const c of clusters) await box.startAgent(c);
      const kubeconfig = box.server.kubeconfigPath;
      const first = clusters[0];
      const lines = [
        `ready ${box.server.url}`,
        `hub and ${clusters.length} managed cluster(s) running; their agents are joining with bootstrap token ${box.token}`,
        ...(opts.autoAccept || clusters.length === 0
          ? []
          : [`accept them:  ocm accept --kubeconfig ${kubeconfig} --clusters ${clusters.join(',')}`]),
        'look around:',
        `  export KUBECONFIG=${kubeconfig}`,
        '  kubectl config get-contexts',
        '  kubectl --context hub get managedclusters',
        '  kubectl --context hub get csr',
        ...(first ? [`  kubectl --context hub get lease -n ${first}`, `  kubectl --context ${first} get secrets -n open-cluster-management-agent`] : []),
        'press Ctrl-C to stop; run again with the same --data-dir to resume',
      ];
      process.stdout.write(lines.join('\n') + '\n');
      await waitForStopSignal();
      await box.close();
    });
}
