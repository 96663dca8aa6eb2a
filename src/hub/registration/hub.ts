// The hub registration controllers in one call, as `ocm hub`, `ocm init` and `ocm up` run them: the admission
// webhooks first (so every later write is admitted by them), then informers, then the controllers.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { Controller, EventRecorder, InformerFactory, KubeClient, LeaderElector, loadKubeConfig, namespaceResource } from '../../kube/index.ts';
import type { Namespace } from '../../kube/index.ts';
import { defaultClusterSetController } from '../clustersets/controller.ts';
import { registerWebhooks, unregisterWebhooks } from '../webhook/config.ts';
import { startWebhookServer } from '../webhook/server.ts';
import type { HubWebhookServer } from '../webhook/server.ts';
import { acceptController } from './accept/controller.ts';
import { csrApproverController } from './csr/controller.ts';
import { leaseController } from './lease/controller.ts';
import { taintController } from './taint/controller.ts';
import { ensureObject } from './ensure.ts';

export interface HubWebhookOptions {
  /** Serve and register the admission webhooks (default true); false also removes ones an earlier run registered. */
  enabled?: boolean;
  /** Listen address (default 127.0.0.1) and port (default: a free one). */
  host?: string;
  port?: number;
  /** Base URL the API server reaches the webhook server at, when it differs from https://host:port. */
  advertiseUrl?: string;
}

export interface HubControllerOptions {
  /** Available turns Unknown after leaseGraceFactor × leaseDurationSeconds without a renewal (default 5). */
  leaseGraceFactor?: number;
  webhook?: HubWebhookOptions;
  /** CSR requesters (spec.username) whose first CSR is approved without the admin; "*" for any bootstrap identity (group system:bootstrappers:managedcluster). */
  autoApproveUsers?: string[];
  /** Set hubAcceptsClient on new clusters automatically (demos). */
  autoAccept?: boolean;
  /** Run the controllers only while holding a Lease, for several hub replicas (default: always run). */
  leaderElection?: HubLeaderElectionOptions;
}

export interface HubLeaderElectionOptions {
  /** Namespace of the Lease (default open-cluster-management-hub, created when missing). */
  namespace?: string;
  /** Lease name (default ocm-hub-registration). */
  name?: string;
  /** This process's identity (default <hostname>_<uuid>). */
  identity?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface StartHubControllersInput {
  /** A kubeconfig path or a loaded KubeConfig for the hub (default: $KUBECONFIG, ~/.kube/config or in-cluster). */
  kubeconfig?: string | KubeConfig;
  /** The context to use when kubeconfig is a path. */
  context?: string;
  logger?: Logger;
  options?: HubControllerOptions;
}

export interface HubControllers {
  /** The webhook server's base URL, when it runs (with leader election: once this process leads). */
  readonly webhookUrl?: string;
  /** Whether the controllers run in this process (always true without leader election). */
  isLeader(): boolean;
  stop(): Promise<void>;
}

interface Running {
  webhookUrl?: string;
  stop(): Promise<void>;
}

async function runControllers(kc: KubeConfig, options: HubControllerOptions, logger: Logger): Promise<Running> {
  const client = new KubeClient(kc);
  const recorder = new EventRecorder({ client, component: 'registration-controller', logger });
  let webhook: HubWebhookServer | undefined;
  const webhookEnabled = options.webhook?.enabled !== false;
  try {
    if (webhookEnabled) {
      webhook = await startWebhookServer({ client, logger, host: options.webhook?.host, port: options.webhook?.port, advertiseUrl: options.webhook?.advertiseUrl });
      await registerWebhooks(client, webhook.url, webhook.caPem);
    } else {
      await unregisterWebhooks(client); // left by an earlier run with webhooks: they would fail every write
    }
  } catch (err) {
    await webhook?.close();
    client.close();
    throw err;
  }
  const factory = new InformerFactory(client, { logger });
  const controllers: Controller<string>[] = [
    csrApproverController(factory, client, recorder, logger, { autoApproveUsers: options.autoApproveUsers }),
    acceptController(factory, client, recorder, logger, { autoAccept: options.autoAccept }),
    leaseController(factory, client, recorder, logger, { leaseGraceFactor: options.leaseGraceFactor }),
    taintController(factory, client, logger, { stampTimeAdded: !webhookEnabled }),
    defaultClusterSetController(factory, client, logger),
  ];
  factory.start();
  await factory.waitForSync();
  for (const c of controllers) c.start();
  logger.info({ webhook: webhook?.url ?? null }, 'hub registration controllers started');
  let stopped: Promise<void> | undefined;
  return {
    webhookUrl: webhook?.url,
    stop: () => (stopped ??= (async () => {
      await Promise.all(controllers.map((c) => c.stop()));
      await factory.stop();
      await recorder.flush();
      await webhook?.close();
      client.close();
    })()),
  };
}

/** Campaigns for the lease, runs the controllers while leading, and campaigns again after losing it. */
async function runElected(kc: KubeConfig, options: HubControllerOptions, election: HubLeaderElectionOptions, logger: Logger): Promise<HubControllers> {
  const namespace = election.namespace ?? 'open-cluster-management-hub';
  const identity = election.identity ?? `${hostname()}_${randomUUID()}`;
  const client = new KubeClient(kc);
  await ensureObject(client.resource<Namespace>(namespaceResource), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, []);
  let running: Running | undefined;
  let starting: Promise<Running> | undefined;
  let elector: LeaderElector | undefined;
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      elector = new LeaderElector({
        client, namespace, name: election.name ?? 'ocm-hub-registration', identity, logger,
        leaseDurationMs: election.leaseDurationMs, renewDeadlineMs: election.renewDeadlineMs, retryPeriodMs: election.retryPeriodMs,
        onStartedLeading: async (signal) => {
          starting = runControllers(kc, options, logger);
          const started = await starting;
          running = started;
          const end = (): void => {
            running = undefined;
            void started.stop();
          };
          if (signal.aborted) end();
          else signal.addEventListener('abort', end, { once: true });
        },
      });
      await elector.run();
      await (await starting?.catch(() => undefined))?.stop();
      starting = undefined;
      running = undefined;
    }
  })();
  return {
    get webhookUrl() {
      return running?.webhookUrl;
    },
    isLeader: () => elector?.isLeader() ?? false,
    stop: async () => {
      stopping = true;
      await elector?.stop();
      await loop;
      client.close();
    },
  };
}

export async function startHubControllers(input: StartHubControllersInput = {}): Promise<HubControllers> {
  const logger = (input.logger ?? pino({ level: process.env.OCM_LOG_LEVEL ?? 'info' })).child({ component: 'hub-registration' });
  const kc = typeof input.kubeconfig === 'string' || input.kubeconfig === undefined ? loadKubeConfig({ file: input.kubeconfig, context: input.context }) : input.kubeconfig;
  const options = input.options ?? {};
  const factor = options.leaseGraceFactor;
  if (factor !== undefined && !(Number.isFinite(factor) && factor > 0)) {
    throw new Error(`hub controllers: options.leaseGraceFactor must be a positive number, got ${String(factor)}`);
  }
  if (options.leaderElection) return runElected(kc, options, options.leaderElection, logger);
  const running = await runControllers(kc, options, logger);
  return { webhookUrl: running.webhookUrl, isLeader: () => true, stop: () => running.stop() };
}
