// `ocm join` (bootstrap kubeconfig from a hub token) and `ocm agent` (bootstrap kubeconfig from a file, or the one
// already stored on the managed cluster): run the klusterlet registration agent until stopped.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { bootstrapKubeConfig, startRegistrationAgent } from '../agent/registration/index.ts';
import { loadKubeConfig } from '../kube/index.ts';
import { waitForStopSignal } from './signals.ts';

interface AgentFlags {
  clusterName: string;
  kubeconfig?: string;
  context?: string;
  namespace: string;
  leaseDuration: number;
}

function parseLease(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`--lease-duration must be whole seconds (at least 1), got "${v}"`);
  return n;
}

async function runAgent(flags: AgentFlags, bootstrap: KubeConfig | undefined, banner: string): Promise<void> {
  const managed = loadKubeConfig({ file: flags.kubeconfig, context: flags.context });
  const logger = pino({ level: process.env.OCM_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const agent = startRegistrationAgent({
    clusterName: flags.clusterName,
    managedKubeconfig: managed,
    bootstrapKubeconfig: bootstrap,
    namespace: flags.namespace,
    leaseDurationSeconds: flags.leaseDuration,
    logger,
  });
  process.stdout.write(`${banner}\nagent ${await agent.agentName} of cluster ${flags.clusterName} running; press Ctrl-C to stop\n`);
  await waitForStopSignal();
  await agent.stop();
}

function agentOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--cluster-name <name>', 'name of this managed cluster on the hub')
    .option('--kubeconfig <file>', 'kubeconfig of the managed cluster (default: $KUBECONFIG, ~/.kube/config or in-cluster)')
    .option('--context <name>', 'kubeconfig context of the managed cluster')
    .option('--namespace <ns>', 'agent namespace on the managed cluster', 'open-cluster-management-agent')
    .option('--lease-duration <seconds>', 'lease duration of the new ManagedCluster', parseLease, 60);
}

export function registerJoinCommand(program: Command): void {
  agentOptions(program.command('join').description('join this cluster to a hub and run its registration agent'))
    .requiredOption('--hub-token <token>', 'bootstrap token printed by ocm init')
    .requiredOption('--hub-apiserver <url>', 'URL of the hub API server')
    .option('--ca-file <file>', 'CA bundle of the hub API server')
    .option('--insecure-skip-tls-verify', 'do not verify the hub server certificate', false)
    .action(async (opts: AgentFlags & { hubToken: string; hubApiserver: string; caFile?: string; insecureSkipTlsVerify: boolean }) => {
      if (!/^https:\/\/[^/]+/.test(opts.hubApiserver)) throw new Error(`--hub-apiserver must be an https:// URL, got "${opts.hubApiserver}"`);
      let caData: string | undefined;
      if (opts.caFile) {
        try {
          caData = readFileSync(opts.caFile).toString('base64');
        } catch (err) {
          throw new Error(`--ca-file ${opts.caFile} cannot be read: ${(err as Error).message}`);
        }
      }
      const bootstrap = bootstrapKubeConfig({ server: opts.hubApiserver, caData, insecureSkipTlsVerify: opts.insecureSkipTlsVerify || undefined }, opts.hubToken);
      await runAgent(opts, bootstrap, `joining hub ${opts.hubApiserver} as ${opts.clusterName}; the hub admin accepts it with: ocm accept --clusters ${opts.clusterName}`);
    });
}

export function registerAgentCommand(program: Command): void {
  agentOptions(program.command('agent').description('run the registration agent (klusterlet) of a managed cluster'))
    .option('--bootstrap-kubeconfig <file>', 'hub bootstrap kubeconfig (default: Secret bootstrap-hub-kubeconfig on the managed cluster)')
    .action(async (opts: AgentFlags & { bootstrapKubeconfig?: string }) => {
      const bootstrap = opts.bootstrapKubeconfig ? loadKubeConfig({ file: opts.bootstrapKubeconfig }) : undefined;
      await runAgent(opts, bootstrap, `registration agent for ${opts.clusterName}`);
    });
}
