// `ocm hub`: the hub registration controllers against a hub kubeconfig (for real deployments; `ocm init` also
// bootstraps the hub first).
import type { Command } from 'commander';
import { pino } from 'pino';
import { startHubControllers } from '../hub/registration/index.ts';
import { hubKubeConfigFrom } from './kubeconfig-option.ts';
import { waitForStopSignal } from './signals.ts';
import { addWebhookOptions, webhookOptionsFrom } from './webhook-options.ts';
import type { WebhookFlags } from './webhook-options.ts';

export function registerHubCommand(program: Command): void {
  const command = program
    .command('hub')
    .description('run the hub registration controllers (CSR approval, accept, lease, taints, webhooks)')
    .option('--kubeconfig <file>', 'hub kubeconfig (default: $KUBECONFIG, ~/.kube/config or in-cluster)')
    .option('--context <name>', 'kubeconfig context of the hub');
  addWebhookOptions(command, 'do not serve the admission webhooks')
    .option('--auto-accept', 'accept every cluster that asks to join', false)
    .option('--lease-grace-factor <n>', 'Available turns Unknown after this many lease durations without renewal', (v) => Number(v), 5)
    .action(async (opts: { kubeconfig?: string; context?: string; autoAccept: boolean; leaseGraceFactor: number } & WebhookFlags) => {
      if (!(opts.leaseGraceFactor > 0)) throw new Error(`--lease-grace-factor must be a positive number, got ${opts.leaseGraceFactor}`);
      const webhook = webhookOptionsFrom(opts);
      const logger = pino({ level: process.env.OCM_LOG_LEVEL ?? 'info' }, pino.destination(2));
      const controllers = await startHubControllers({
        kubeconfig: hubKubeConfigFrom(opts),
        logger,
        options: {
          leaseGraceFactor: opts.leaseGraceFactor,
          webhook,
          autoAccept: opts.autoAccept,
          autoApproveUsers: opts.autoAccept ? ['*'] : undefined,
        },
      });
      process.stdout.write('hub controllers running; press Ctrl-C to stop\n');
      await waitForStopSignal();
      await controllers.stop();
    });
}
