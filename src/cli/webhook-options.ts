// The webhook flags `ocm init` and `ocm hub` share. On a real hub the API server must reach the
// webhook server: bind it to a routable address (--webhook-listen) and, when a Service or a load
// balancer sits in front, tell the API server that address (--webhook-url).
import type { Command } from 'commander';
import type { HubWebhookOptions } from '../hub/registration/index.ts';

export interface WebhookFlags {
  webhooks: boolean;
  webhookListen?: string;
  webhookUrl?: string;
}

export function addWebhookOptions(command: Command, disableHelp: string): Command {
  return command
    .option('--no-webhooks', disableHelp)
    .option('--webhook-listen <host:port>', 'address the admission webhook server binds to (default 127.0.0.1 and a free port)')
    .option('--webhook-url <url>', 'https base URL the hub API server calls the webhooks at (default: the listen address)');
}

/** The hub's webhook options from the flags; throws a message naming the bad flag. */
export function webhookOptionsFrom(flags: WebhookFlags): HubWebhookOptions {
  const options: HubWebhookOptions = { enabled: flags.webhooks };
  if (flags.webhookListen !== undefined) {
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(flags.webhookListen);
    const port = m ? Number(m[3]) : NaN;
    if (!m || port > 65535) throw new Error(`--webhook-listen must be HOST:PORT (IPv6 in brackets), got ${JSON.stringify(flags.webhookListen)}`);
    options.host = m[1] ?? m[2];
    options.port = port;
  }
  if (flags.webhookUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.webhookUrl);
    } catch {
      throw new Error(`--webhook-url must be an https URL, got ${JSON.stringify(flags.webhookUrl)}`);
    }
    if (url.protocol !== 'https:') throw new Error(`--webhook-url must be an https URL, got ${JSON.stringify(flags.webhookUrl)}`);
    options.advertiseUrl = flags.webhookUrl.replace(/\/+$/, '');
  }
  return options;
}
