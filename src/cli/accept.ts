// `ocm accept --clusters X[,Y]`: the hub admin's half of the double opt-in, as clusteradm accept does it.
import type { Command } from 'commander';
import { KubeClient } from '../kube/index.ts';
import { acceptClusters } from './hub-admin.ts';
import { hubKubeConfigFrom } from './kubeconfig-option.ts';

export function registerAcceptCommand(program: Command): void {
  program
    .command('accept')
    .description("approve the clusters' pending CSRs and set hubAcceptsClient on their ManagedClusters")
    .requiredOption('--clusters <names>', 'comma-separated cluster names')
    .option('--kubeconfig <file>', 'hub kubeconfig (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context of the hub')
    .option('--wait <seconds>', 'how long to wait for a cluster to ask', (v) => Number(v), 30)
    .action(async (opts: { clusters: string; kubeconfig?: string; context?: string; wait: number }) => {
      const names = opts.clusters.split(',').map((s) => s.trim()).filter(Boolean);
      if (names.length === 0) throw new Error('--clusters names no cluster');
      const client = new KubeClient(hubKubeConfigFrom(opts));
      try {
        for (const r of await acceptClusters(client, names, { waitMs: opts.wait * 1000 })) {
          process.stdout.write(`cluster ${r.cluster} accepted${r.approvedCsrs.length ? ` (approved CSR ${r.approvedCsrs.join(', ')})` : ''}\n`);
        }
      } finally {
        client.close();
      }
    });
}
