// `ocm init`: make a hub. Embedded by default (the API server in this process, state in --data-dir), or any
// Kubernetes hub through --kubeconfig. Installs the OCM API, the bootstrap RBAC and a bootstrap token, runs the hub
// registration controllers until stopped, and prints the `ocm join` command for managed clusters.
import type { Command } from 'commander';
import { writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { startApiServer } from '../apiserver/server.ts';
import type { ApiServer } from '../apiserver/server.ts';
import { bootstrapHub, startHubControllers } from '../hub/registration/index.ts';
import { loadKubeConfig, withContext } from '../kube/index.ts';
import { hubEndpoint } from '../agent/registration/index.ts';
import { hubKubeConfigFrom } from './kubeconfig-option.ts';
import { waitForStopSignal } from './signals.ts';
import { addWebhookOptions, webhookOptionsFrom } from './webhook-options.ts';
import type { WebhookFlags } from './webhook-options.ts';

interface InitOptions extends WebhookFlags {
  kubeconfig?: string;
  context?: string;
  dataDir: string;
  port: number;
  autoAccept: boolean;
}

export function registerInitCommand(program: Command): void {
  const command = program
    .command('init')
    .description('initialise a hub (embedded unless --kubeconfig) and run its registration controllers; prints the join command')
    .option('--kubeconfig <file>', 'an existing hub cluster instead of the embedded one')
    .option('--context <name>', 'kubeconfig context of the hub')
    .option('--data-dir <dir>', 'state of the embedded hub, and where hub-ca.crt is written', '.ocm-hub')
    .option('--port <n>', 'port of the embedded hub (0 picks a free one)', (v) => Number(v), 0);
  addWebhookOptions(command, 'do not serve the admission webhooks (a remote hub that cannot reach this machine)')
    .option('--auto-accept', 'accept every cluster that asks to join', false)
    .action(async (opts: InitOptions) => {
      const webhook = webhookOptionsFrom(opts);
      const dataDir = resolve(opts.dataDir);
      await mkdir(dataDir, { recursive: true });
      let server: ApiServer | undefined;
      let hub: KubeConfig;
      if (opts.kubeconfig) {
        hub = hubKubeConfigFrom(opts);
      } else {
        server = await startApiServer({ dataDir, port: opts.port });
        hub = withContext(loadKubeConfig({ file: server.kubeconfigPath }), 'hub');
      }
      const { token } = await bootstrapHub(hub);
      const logger = pino({ level: process.env.OCM_LOG_LEVEL ?? 'info' }, pino.destination(2));
      const controllers = await startHubControllers({
        kubeconfig: hub,
        logger,
        options: { webhook, autoAccept: opts.autoAccept, autoApproveUsers: opts.autoAccept ? ['*'] : undefined },
      });
      const endpoint = hubEndpoint(hub);
      const caFile = join(dataDir, 'hub-ca.crt');
      if (endpoint.caData) await writeFile(caFile, Buffer.from(endpoint.caData, 'base64'));
      const lines = [
        `hub ready at ${endpoint.server}`,
        ...(server ? [`hub kubeconfig: ${server.kubeconfigPath} (context hub)`] : []),
        'join a managed cluster with:',
        `  ocm join --hub-token ${token} --hub-apiserver ${endpoint.server}${endpoint.caData ? ` --ca-file ${caFile}` : ''} --cluster-name <cluster_name> --kubeconfig <managed kubeconfig>`,
        'then accept it with:',
        `  ocm accept --clusters <cluster_name>${server ? ` --kubeconfig ${server.kubeconfigPath}` : ''}`,
        'press Ctrl-C to stop',
      ];
      process.stdout.write(lines.join('\n') + '\n');
      await waitForStopSignal();
      await controllers.stop();
      await server?.close();
    });
}
