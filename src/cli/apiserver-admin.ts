// `ocm apiserver token create` and `ocm apiserver user add`: other identities than admin for a running server.
// Tokens are Secrets, so they are written through the server over HTTPS with the admin kubeconfig; user certificates
// are issued straight from the data directory's CA, which the server trusts.
import { join } from 'node:path';
import type { Command } from 'commander';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { newBootstrapToken, parseDuration } from '../apiserver/auth/admin/bootstrap-tokens.ts';
import { writeUserKubeconfig } from '../apiserver/auth/admin/user-kubeconfig.ts';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

async function createToken(opts: { dataDir: string; ttl: string; groups: string[]; context: string }): Promise<void> {
  const ttlMs = parseDuration(opts.ttl);
  const { token, secret } = newBootstrapToken(ttlMs, opts.groups);
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(join(opts.dataDir, 'kubeconfig'));
  } catch {
    throw new Error(`no kubeconfig in ${opts.dataDir}: is \`ocm apiserver --data-dir ${opts.dataDir}\` running?`);
  }
  if (!kc.getContexts().some((c) => c.name === opts.context)) throw new Error(`no context "${opts.context}" in ${opts.dataDir}/kubeconfig`);
  kc.setCurrentContext(opts.context);
  try {
    await kc.makeApiClient(CoreV1Api).createNamespacedSecret({ namespace: 'kube-system', body: secret });
  } catch (err) {
    const body = (err as { body?: unknown }).body;
    const detail = typeof body === 'string' ? body : err instanceof Error ? err.message : String(err);
    throw new Error(`could not store the token's Secret through ${kc.getCurrentCluster()?.server ?? 'the server'}: ${detail}`);
  }
  const expires = ttlMs > 0 ? `expires ${new Date(Date.now() + ttlMs).toISOString()}` : 'never expires';
  process.stderr.write(`bootstrap token stored as kube-system/${String((secret.metadata as Record<string, unknown>).name)} (${expires})\n`);
  process.stdout.write(`${token}\n`);
}

export function registerApiserverAdminCommands(apiserver: Command): void {
  // `--data-dir` after `token create` / `user add` belongs to them, not to `apiserver` itself; commander honours
  // positional options only when every ancestor has them (the program has no options of its own besides --help)
  apiserver.parent?.enablePositionalOptions();
  apiserver.enablePositionalOptions();
  // commander checks an ancestor's required options for subcommands too: check `apiserver --data-dir` only when
  // `apiserver` itself runs
  const dataDir = apiserver.options.find((o) => o.long === '--data-dir');
  if (dataDir?.mandatory) {
    dataDir.mandatory = false;
    apiserver.hook('preAction', (self, action) => {
      if (action === self && self.opts().dataDir === undefined) self.error("error: required option '--data-dir <dir>' not specified");
    });
  }
  const token = apiserver.command('token').description('bootstrap tokens (user system:bootstrap:<id>, group system:bootstrappers)');
  token
    .command('create')
    .description('create a bootstrap token in a running server and print it as the last line')
    .requiredOption('--data-dir <dir>', 'the server\'s data directory')
    .option('--ttl <duration>', 'lifetime such as 24h or 30m; 0 never expires', '24h')
    .option('--groups <groups>', 'extra groups, comma-separated, each system:bootstrappers:...', splitList, [] as string[])
    .option('--context <name>', 'virtual cluster to create it in (hub or a managed cluster name)', 'hub')
    .action(createToken);
  const user = apiserver.command('user').description('certificate users');
  user
    .command('add <name>')
    .description('issue a client certificate for NAME and write DIR/users/NAME.kubeconfig (prints its path)')
    .requiredOption('--data-dir <dir>', 'the server\'s data directory')
    .option('--group <group>', 'a group (certificate O); repeatable', collect, [] as string[])
    .action(async (name: string, opts: { dataDir: string; group: string[] }) => {
      const path = await writeUserKubeconfig({ dataDir: opts.dataDir, name, groups: opts.group });
      process.stdout.write(`${path}\n`);
    });
}
