// The request entry point: authenticates, resolves the virtual cluster, routes, and turns every failure into a
// Status answer. Nothing thrown here can take the server down.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { methodNotAllowed, pathNotFound, unauthorized } from '../errors.ts';
import type { VirtualClusters } from '../registry/clusters.ts';
import type { RequestContext, ServerState, UserInfo } from './context.ts';
import { handleCoreDiscovery, handleGroupDiscovery, handleGroupsDiscovery, handleResourceDiscovery } from './discovery.ts';
import { handleOpenApiDocument, handleOpenApiIndex, handleOpenApiV2 } from './openapi.ts';
import { handleResource } from './resource.ts';
import { sendError, sendJson, sendText, toApiError } from './respond.ts';
import { parsePath } from './router.ts';
import type { Route } from './router.ts';
import { versionInfo } from './version.ts';
import { handleTokenRequest, isTokenRequest } from '../auth/token-request-route.ts';

export interface AdminOps {
  addCluster(name: string): Promise<boolean>;
  removeCluster(name: string): Promise<boolean>;
  clusters(): string[];
}

const PUBLIC_ROUTES = new Set<Route['type']>(['version', 'health']);

const socketUsers = new WeakMap<TLSSocket, UserInfo | undefined>();

/** The user a client certificate from our CA stands for; undefined when there is none or it is not ours.
 *  Computed once per connection: keep-alive clients send many requests over one TLS session. */
export function certificateUser(req: IncomingMessage): UserInfo | undefined {
  const socket = req.socket as TLSSocket;
  if (socketUsers.has(socket)) return socketUsers.get(socket);
  const user = peerUser(socket);
  socketUsers.set(socket, user);
  return user;
}

function peerUser(socket: TLSSocket): UserInfo | undefined {
  if (!socket.authorized) return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return undefined;
  const cn = cert.subject.CN;
  const o = cert.subject.O;
  return { username: Array.isArray(cn) ? cn[0] : (cn ?? ''), groups: (Array.isArray(o) ? o : o ? [o] : []).concat('system:authenticated') };
}

async function handleAdmin(ctx: RequestContext, admin: AdminOps, name: string | undefined): Promise<void> {
  const method = ctx.req.method;
  if (name === undefined) {
    if (method !== 'GET') throw methodNotAllowed();
    sendJson(ctx.res, 200, { clusters: admin.clusters() });
    return;
  }
  if (method === 'POST' || method === 'PUT') {
    const created = await admin.addCluster(name);
    sendJson(ctx.res, created ? 201 : 200, { name, server: `/clusters/${name}` });
  } else if (method === 'DELETE') {
    if (!(await admin.removeCluster(name))) throw pathNotFound();
    sendJson(ctx.res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: 'clusters' } });
  } else if (method === 'GET') {
    if (!admin.clusters().includes(name)) throw pathNotFound();
    sendJson(ctx.res, 200, { name, server: `/clusters/${name}` });
  } else {
    throw methodNotAllowed();
  }
}

async function dispatch(ctx: RequestContext, route: Route, clusters: VirtualClusters, admin: AdminOps): Promise<void> {
  const method = ctx.req.method ?? 'GET';
  if (route.type === 'admin-clusters') return handleAdmin(ctx, admin, route.name);
  if (route.type === 'version') return sendJson(ctx.res, 200, versionInfo());
  if (route.type === 'health') return sendText(ctx.res, 200, 'ok', 'text/plain; charset=utf-8');
  const catalog = clusters.catalog(ctx.cluster);
  if (!catalog) throw pathNotFound();
  if (route.type === 'resource' && ctx.state.security && isTokenRequest(route)) return handleTokenRequest(ctx, ctx.state.security, route);
  if (route.type === 'resource') return handleResource(ctx, catalog, route);
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed();
  const prefix = ctx.cluster ? `/clusters/${ctx.cluster}` : '';
  switch (route.type) {
    case 'discovery-core':
      return handleCoreDiscovery(ctx, catalog);
    case 'discovery-groups':
      return handleGroupsDiscovery(ctx, catalog);
    case 'discovery-group':
      return handleGroupDiscovery(ctx, catalog, route.group);
    case 'discovery-resources':
      return handleResourceDiscovery(ctx, catalog, route.group, route.version);
    case 'openapi-v3-index':
      return handleOpenApiIndex(ctx, catalog, prefix);
    case 'openapi-v3-doc':
      return handleOpenApiDocument(ctx, catalog, route.group, route.version);
    case 'openapi-v2':
      return handleOpenApiV2(ctx);
    default:
      throw pathNotFound();
  }
}

/** Path and query of an origin-form request target ("/api/v1/pods?watch=1"); cheaper than `new URL` per request. */
function splitTarget(target: string): { pathname: string; search: string; searchParams: URLSearchParams } {
  if (!target.startsWith('/')) {
    const u = URL.canParse(target) ? new URL(target) : new URL('https://invalid/');
    return { pathname: u.pathname, search: u.search, searchParams: u.searchParams };
  }
  const q = target.indexOf('?');
  if (q < 0) return { pathname: target, search: '', searchParams: new URLSearchParams() };
  const search = target.slice(q);
  return { pathname: target.slice(0, q), search, searchParams: new URLSearchParams(search) };
}

export function createRequestHandler(state: ServerState, clusters: VirtualClusters, admin: AdminOps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const url = splitTarget(req.url ?? '/');
    const { cluster, route } = parsePath(url.pathname);
    const identity = state.security?.authenticate(req, cluster);
    const user = identity ? (identity.kind === 'failed' ? undefined : identity.user) : certificateUser(req);
    const ctx: RequestContext = { state, req, res, query: url.searchParams, cluster, user };
    const done = (err?: unknown): void => {
      if (err !== undefined) {
        const apiErr = toApiError(err);
        if (apiErr.code >= 500) state.logger.error({ err, method: req.method, path: url.pathname }, 'request failed');
        if (apiErr.code === 413 && !res.headersSent) {
          // do not read the rest of an oversized body: answer, then drop the connection
          res.setHeader('Connection', 'close');
          res.once('finish', () => req.socket.destroySoon());
        } else if (!req.readableEnded) {
          req.resume();
        }
        sendError(res, apiErr);
      }
      if (state.logger.isLevelEnabled('debug')) {
        state.logger.debug({ method: req.method, path: url.pathname, search: url.search, code: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
      }
    };
    // a credential that fails is 401 everywhere; anonymous requests reach only /version and the health checks
    const rejected = identity
      ? identity.kind === 'failed' || (identity.kind === 'anonymous' && !PUBLIC_ROUTES.has(route.type))
      : !user && !PUBLIC_ROUTES.has(route.type);
    if (rejected) {
      done(unauthorized());
      return;
    }
    // authorization needs the cluster's RBAC objects: an unknown virtual cluster is a 404 whoever asks
    if (state.security && user && (cluster === '' || clusters.has(cluster))) {
      const path = cluster ? url.pathname.slice(`/clusters/${cluster}`.length) || '/' : url.pathname;
      const denied = state.security.authorize(user, req.method ?? 'GET', path, url.searchParams, cluster);
      if (denied) {
        done(denied);
        return;
      }
    }
    try {
      const pending = dispatch(ctx, route, clusters, admin);
      if (pending) pending.then(() => done(), done);
      else done();
    } catch (err) {
      done(err);
    }
  };
}
