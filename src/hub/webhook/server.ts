// OCM's hub admission rules served as AdmissionReview webhooks over HTTPS (a fresh CA and serving certificate per
// start), answering in the AdmissionReview version the API server sent.
import { createServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import type { KubeClient } from '../../kube/index.ts';
import { mintServingCertificate } from '../registration/x509.ts';
import { subjectAccessCheck } from './access.ts';
import type { AccessCheck } from './access.ts';
import { clusterSetBindingValidator } from './clustersetbinding-validate.ts';
import { mutateManagedCluster } from './managedcluster-mutate.ts';
import { managedClusterValidator } from './managedcluster-validate.ts';
import { CLUSTER_SET_BINDING_VALIDATE_PATH, MANAGED_CLUSTER_MUTATE_PATH, MANAGED_CLUSTER_VALIDATE_PATH, MANIFEST_WORK_VALIDATE_PATH } from './paths.ts';
import { manifestWorkValidator } from './manifestwork-validate.ts';
import { Denial, allow, deny } from './review.ts';
import type { AdmissionRequest, AdmissionResponse, JsonPatchOp } from './review.ts';

export interface WebhookServerOptions {
  client: KubeClient;
  logger: Logger;
  /** Listen address (default 127.0.0.1) and port (default 0: any free port). */
  host?: string;
  port?: number;
  /** The base URL the API server uses to reach this server (default https://<host>:<port>). */
  advertiseUrl?: string;
  /** Replaces SubjectAccessReviews (unit tests). */
  canAccess?: AccessCheck;
}

export interface HubWebhookServer {
  /** Base URL to put into webhook configurations. */
  url: string;
  /** PEM of the CA that signed the serving certificate (caBundle, once base64-encoded). */
  caPem: string;
  close(): Promise<void>;
}

type Handler = (request: AdmissionRequest) => Promise<JsonPatchOp[] | void>;
const MAX_BODY = 3 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<HubWebhookServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger.child({ component: 'hub-webhook' });
  const canAccess = options.canAccess ?? subjectAccessCheck(options.client);
  const validateCluster = managedClusterValidator(options.client, canAccess);
  const handlers = new Map<string, Handler>([
    [MANAGED_CLUSTER_VALIDATE_PATH, validateCluster],
    [MANAGED_CLUSTER_MUTATE_PATH, async (r) => mutateManagedCluster(r)],
    [CLUSTER_SET_BINDING_VALIDATE_PATH, clusterSetBindingValidator(canAccess)],
    [MANIFEST_WORK_VALIDATE_PATH, manifestWorkValidator(canAccess)],
  ]);
  const advertised = options.advertiseUrl ? new URL(options.advertiseUrl).hostname.replace(/^\[|\]$/g, '') : host;
  const names = [...new Set(['localhost', advertised, host].filter((h) => h !== '0.0.0.0' && h !== '::'))];
  const tls = await mintServingCertificate(names.filter((h) => !isIP(h)), [...new Set(['127.0.0.1', ...names.filter((h) => isIP(h))])]);

  async function answer(path: string, review: { apiVersion?: string; request?: AdmissionRequest }): Promise<AdmissionResponse> {
    const request = review.request;
    if (!request?.uid) throw new Error('the AdmissionReview has no request.uid');
    const handler = handlers.get(path);
    if (!handler) return deny(request.uid, new Denial(404, 'NotFound', `no admission webhook is served at ${path}`));
    if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return allow(request.uid);
    try {
      const patch = await handler(request);
      return allow(request.uid, patch ?? undefined);
    } catch (err) {
      if (err instanceof Denial) return deny(request.uid, err);
      logger.error({ err: (err as Error).message, path, name: request.name }, 'admission check failed');
      return deny(request.uid, new Denial(500, 'InternalError', `admission check failed: ${(err as Error).message}`));
    }
  }

  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'https://webhook').pathname;
    void (async () => {
      try {
        if (req.method !== 'POST') {
          res.writeHead(405, { 'content-type': 'text/plain' }).end('POST an AdmissionReview\n');
          return;
        }
        const review = JSON.parse(await readBody(req)) as { apiVersion?: string; request?: AdmissionRequest };
        const response = await answer(path, review);
        const body = JSON.stringify({ apiVersion: review.apiVersion ?? 'admission.k8s.io/v1', kind: 'AdmissionReview', response });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`invalid AdmissionReview: ${(err as Error).message}\n`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = options.advertiseUrl ?? `https://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info({ url }, 'hub admission webhooks serving');
  return {
    url,
    caPem: tls.caPem,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
