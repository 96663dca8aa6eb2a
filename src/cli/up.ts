// `ocm up` (what `npm start` runs): the hub in a box. Starts the embedded API server with the hub and N
// virtual managed clusters, installs the OCM API (crds/) on the hub, writes DIR/kubeconfig and prints
// how to look around. Restarting on the same data directory resumes where it was.
import type { Command } from 'commander';
import { waitForStopSignal } from './signals.ts';
import { InvalidArgumentError } from 'commander';
import * as k8s from '@kubernetes/client-node';
import { resolve } from 'node:path';
import { startApiServer } from '../apiserver/server.ts';
import { installCrds } from '../hub/install/crds.ts';

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new InvalidArgumentError(`--clusters must be an integer from 0 to 10000, got "${value}"`);
  return n;
}

export function clusterNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `cluster${i + 1}`);
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('run the hub in a box: the embedded API server with the hub and N managed clusters')
    .option('--data-dir <dir>', 'where state, certificates and the kubeconfig live', '.ocm')
    .option('--clusters <n>', 'number of managed clusters (cluster1..clusterN)', parseCount, 3)
    .option('--port <n>', 'port to listen on (0 picks a free one)', (v) => Number(v), 0)
    .action(async (opts: { dataDir: string; clusters: number; port: number }) => {
      const dataDir = resolve(opts.dataDir);
      const clusters = clusterNames(opts.clusters);
      const server = await startApiServer({ dataDir, port: opts.port, clusters });
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(server.kubeconfigPath);
      kc.setCurrentContext('hub');
      const crds = await installCrds(kc);
      const lines = [
        `ready ${server.url}`,
        `hub and ${clusters.length} managed cluster(s) running; ${crds.length} OCM CRDs installed on the hub`,
        `  export KUBECONFIG=${server.kubeconfigPath}`,
        '  kubectl config get-contexts',
        '  kubectl --context hub api-resources --api-group=cluster.open-cluster-management.io',
        ...(clusters[0] ? [`  kubectl --context ${clusters[0]} get namespaces`] : []),
        'press Ctrl-C to stop; run again with the same --data-dir to resume',
      ];
      process.stdout.write(lines.join('\n') + '\n');
      await waitForStopSignal();
      await server.close();
    });
}
