// `ocm get clusters`: the hub's ManagedClusters as `kubectl get managedclusters` shows them.
import type { Command } from 'commander';
import type { ManagedCluster } from '../api/index.ts';
import { managedClusterResource } from '../api/index.ts';
import { KubeClient } from '../kube/index.ts';
import { clustersTable } from './hub-admin.ts';
import { hubKubeConfigFrom } from './kubeconfig-option.ts';

export function registerGetCommand(program: Command): void {
  program
    .command('get')
    .description('show hub objects (clusters)')
    .argument('<what>', 'clusters')
    .option('--kubeconfig <file>', 'hub kubeconfig (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context of the hub')
    .action(async (what: string, opts: { kubeconfig?: string; context?: string }) => {
      if (what !== 'clusters' && what !== 'cluster' && what !== 'managedclusters') throw new Error(`ocm get: unknown kind "${what}" (known: clusters)`);
      const client = new KubeClient(hubKubeConfigFrom(opts));
      try {
        const list = await client.resource<ManagedCluster>(managedClusterResource).listAll();
        process.stdout.write(list.items.length ? clustersTable(list.items) : 'No resources found\n');
      } finally {
        client.close();
      }
    });
}
