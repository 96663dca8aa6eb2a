// `ocm apiserver`: runs the embedded API server until SIGINT/SIGTERM and prints `ready <url>` once it accepts requests.
import type { Command } from 'commander';
import { waitForStopSignal } from './signals.ts';
import { InvalidArgumentError } from 'commander';
import { startApiServer } from '../apiserver/server.ts';

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port must be an integer from 0 to 65535, got "${value}"`);
  return n;
}

function parseClusters(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function registerApiserverCommand(program: Command): void {
  program
    .command('apiserver')
    .description('serve the embedded Kubernetes-compatible API server (hub at /, managed clusters at /clusters/NAME)')
    .requiredOption('--data-dir <dir>', 'directory for the database, the CA and the kubeconfig')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--clusters <names>', 'managed clusters to serve, comma-separated', parseClusters, [] as string[])
    .action(async (opts: { dataDir: string; port: number; host: string; clusters: string[] }) => {
      const server = await startApiServer({ dataDir: opts.dataDir, port: opts.port, host: opts.host, clusters: opts.clusters });
      process.stdout.write(`ready ${server.url}\n`);
      await waitForStopSignal();
      await server.close();
    });
}
