// The embedded Kubernetes-compatible API server: HTTPS with our own CA, the hub at `/` and managed clusters at
// `/clusters/NAME`, a kubeconfig with one context per virtual cluster, all state in one data directory.
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { writeKubeconfig } from './auth/kubeconfig.ts';
import { ensureTlsMaterial } from './auth/pki.ts';
import { ApiSecurity } from './auth/security.ts';
import type { SecurityOptions } from './auth/security.ts';
import { WebhookAdmission } from './admission/webhook-admission.ts';
import { installWebhookConfigurationHooks } from './admission/config-hooks.ts';
import type { ServerState, StreamScope } from './http/context.ts';
import { createRequestHandler } from './http/handler.ts';
import { startLifecycleControllers } from './lifecycle/controllers.ts';
import { ClusterCatalog } from './registry/catalog.ts';
import { HUB, VirtualClusters } from './registry/clusters.ts';
import { CRD_GROUP, CRD_RESOURCE } from './registry/crd.ts';
import { CrdCleanup } from './registry/crd-cleanup.ts';
import { defaultHooks } from './registry/hooks.ts';
import { NamespaceStates } from './registry/namespace-states.ts';
import type { RetentionOptions } from './storage/retention.ts';
import { openStore } from './storage/sqlite-store.ts';

export interface ApiServerOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Managed clusters to serve besides the hub (added if not yet known; known ones are kept). */
  clusters?: string[];
  logger?: Logger;
  /** How much watch history storage keeps (tests shrink it to exercise 410 Expired). */
  retention?: RetentionOptions;
  /** CRD schema enforcement (prune, default, validate); on unless turned off (bench/crd-validation.ts compares). */
  schemaEnforcement?: boolean;
  /** Authorization on/off and CSR expiry limits (see src/apiserver/auth/security.ts). */
  security?: SecurityOptions;
}

export interface ApiServer {
  url: string;
  kubeconfigPath: string;
  addCluster(name: string): Promise<void>;
  removeCluster(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Quiet unless OCM_LOG_LEVEL says otherwise; logs go to stderr so stdout stays free for `ready <url>`. */
function defaultLogger(): Logger {
  return pino({ name: 'apiserver', level: process.env.OCM_LOG_LEVEL ?? 'silent' }, pino.destination(2));
}

/** The URL clients use: a wildcard listen address is reached through loopback. */
function baseUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `https://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const dataDir = options.dataDir;
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? defaultLogger();
  await mkdir(dataDir, { recursive: true });
  const tls = await ensureTlsMaterial(dataDir, [host]);
  const store = openStore({ dataDir, ...options.retention });
  const clusters = await VirtualClusters.open(store, dataDir, options.clusters ?? []);
  const allClusters = (): string[] => [HUB, ...clusters.names()];
  const lifecycle = startLifecycleControllers(store, {
    resources: (cluster: string) =>
      (clusters.catalog(cluster)?.resources() ?? [])
        .filter((r) => !ClusterCatalog.isReview(r))
        .map((r) => ({ group: r.group, version: r.version, resource: r.plural, kind: r.kind, namespaced: r.namespaced })),
    clusters: allClusters,
  }, { onError: (err) => logger.warn({ err }, 'lifecycle controller error; retrying') });
  const crdCleanup = new CrdCleanup(store, logger, allClusters);
  const namespaces = new NamespaceStates(store);
  const openStreams = new Map<ServerResponse, StreamScope>();
  const endStreams = (matches: (scope: StreamScope) => boolean): void => {
    for (const [res, scope] of openStreams) if (matches(scope)) res.end();
  };
  // watches on a CRD's kind end when the CRD goes, as kube-apiserver does
  const crdGone = store.watchAll((event) => {
    if (event.type !== 'DELETED' || event.key.group !== CRD_GROUP || event.key.resource !== CRD_RESOURCE) return;
    const dot = event.key.name.indexOf('.');
    const plural = event.key.name.slice(0, dot);
    const group = event.key.name.slice(dot + 1);
    endStreams((s) => s.cluster === event.key.cluster && s.group === group && s.resource === plural);
  });
  const state: ServerState = {
    store,
    hooks: withSchemaEnforcement(defaultHooks(), options.schemaEnforcement ?? true),
    namespaces,
    logger,
    catalog: (cluster) => clusters.catalog(cluster),
    openStreams,
    admission: new WebhookAdmission(store, (cluster) => clusters.catalog(cluster)?.resources() ?? []),
  };
  installWebhookConfigurationHooks(state.hooks);
  const security = await ApiSecurity.open({ store, dataDir, tls, hooks: state.hooks, logger, clusters: allClusters() }, options.security);
  state.security = security;
  const kubeconfigPath = join(dataDir, 'kubeconfig');
  let url = '';
  const rewriteKubeconfig = (): Promise<void> => writeKubeconfig(kubeconfigPath, url, clusters.names(), tls);
  const admin = {
    clusters: () => clusters.names(),
    addCluster: async (name: string): Promise<boolean> => {
      const added = clusters.add(name);
      if (added) security.rbac.ensureDefaults(name);
      await clusters.flushed();
      if (added) await rewriteKubeconfig();
      logger.info({ cluster: name, added }, 'virtual cluster added');
      return added;
    },
    removeCluster: async (name: string): Promise<boolean> => {
      const removed = clusters.remove(name);
      endStreams((s) => s.cluster === name);
      namespaces.forgetCluster(name);
      security.forgetCluster(name);
      state.admission?.forgetCluster(name);
      await clusters.flushed();
      if (removed) await rewriteKubeconfig();
      logger.info({ cluster: name, removed }, 'virtual cluster removed');
      return removed;
    },
  };

  const server = createServer(
    {
      key: tls.server.keyPem,
      cert: tls.server.certPem,
      ca: [tls.ca.certPem],
      requestCert: true,
      // anonymous clients may still reach /version and the health checks; everything else checks socket.authorized
      rejectUnauthorized: false,
      keepAlive: true,
      noDelay: true, // watch events are small writes: never hold them back for coalescing
      keepAliveTimeout: 65_000,
      requestTimeout: 0,
    },
    createRequestHandler(state, clusters, admin),
  );
  server.on('clientError', (err, socket) => {
    logger.debug({ err }, 'client connection error');
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = baseUrl(host, (server.address() as AddressInfo).port);
  await rewriteKubeconfig();
  logger.info({ url, dataDir, clusters: clusters.names() }, 'API server ready');

  let closing: Promise<void> | undefined;
  return {
    url,
    kubeconfigPath,
    addCluster: async (name) => {
      await admin.addCluster(name);
    },
    removeCluster: async (name) => {
      await admin.removeCluster(name);
    },
    close: () => {
      closing ??= (async () => {
        for (const res of openStreams.keys()) res.end();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 2000).unref();
        });
        crdCleanup.close();
        crdGone.stop();
        security.close();
        state.admission?.close();
        namespaces.close();
        lifecycle.stop();
        clusters.close();
        await clusters.flushed();
        store.close();
      })();
      return closing;
    },
  };
}

function withSchemaEnforcement(hooks: ReturnType<typeof defaultHooks>, on: boolean): ReturnType<typeof defaultHooks> {
  hooks.schemaEnforcement = on;
  return hooks;
}
