// Discovery in both forms: aggregated (apidiscovery.k8s.io/v2, what kubectl 1.35 asks for first) and legacy
// (APIVersions, APIGroupList, APIGroup, APIResourceList, which client-node and `kubectl auth can-i` use).
import { pathNotFound } from '../errors.ts';
import type { ClusterCatalog } from '../registry/catalog.ts';
import type { ServedResource } from '../registry/types.ts';
import type { RequestContext } from './context.ts';
import { sendJson } from './respond.ts';

type Obj = Record<string, unknown>;

const SUBRESOURCE_VERBS: Record<string, string[]> = { finalize: ['update'], scale: ['get', 'patch', 'update'] };

function subresourceKind(r: ServedResource, sub: string): Obj {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  return { group: r.group, version: r.version, kind: r.kind };
}

function aggregatedResource(r: ServedResource): Obj {
  const entry: Obj = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) entry.shortNames = r.shortNames;
  if (r.categories.length) entry.categories = r.categories;
  if (r.subresources.length) {
    entry.subresources = r.subresources.map((sub) => ({
      subresource: sub,
      responseKind: subresourceKind(r, sub),
      verbs: SUBRESOURCE_VERBS[sub] ?? ['get', 'patch', 'update'],
    }));
  }
  return entry;
}

function aggregatedGroup(catalog: ClusterCatalog, group: string, versions: string[]): Obj {
  return {
    metadata: { name: group },
    versions: versions.map((version) => ({
      version,
      resources: catalog.resourcesOf(group, version).map(aggregatedResource),
      freshness: 'Current',
    })),
  };
}

/** The version of aggregated discovery the client accepts, if any (v2 preferred). */
function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept || !accept.includes('as=APIGroupDiscoveryList')) return undefined;
  for (const part of accept.split(',')) {
    if (!part.includes('as=APIGroupDiscoveryList') || !part.includes('g=apidiscovery.k8s.io')) continue;
    if (/;\s*v=v2(\s*;|\s*$)/.test(part)) return 'v2';
    if (/;\s*v=v2beta1(\s*;|\s*$)/.test(part)) return 'v2beta1';
  }
  return undefined;
}

function sendAggregated(ctx: RequestContext, version: 'v2' | 'v2beta1', items: Obj[]): void {
  ctx.res.setHeader('Vary', 'Accept');
  sendJson(
    ctx.res,
    200,
    { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items },
    `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`,
  );
}

function groupVersion(group: string, version: string): Obj {
  return { groupVersion: group ? `${group}/${version}` : version, version };
}

function legacyGroup(group: string, versions: string[]): Obj {
  return { name: group, versions: versions.map((v) => groupVersion(group, v)), preferredVersion: groupVersion(group, versions[0]) };
}

export function handleCoreDiscovery(ctx: RequestContext, catalog: ClusterCatalog): void {
  const agg = aggregatedVersion(ctx.req.headers.accept);
  if (agg) {
    sendAggregated(ctx, agg, [aggregatedGroup(catalog, '', ['v1'])]);
    return;
  }
  const host = ctx.req.socket.localAddress ?? '127.0.0.1';
  const port = ctx.req.socket.localPort ?? 0;
  sendJson(ctx.res, 200, {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `${host.replace(/^::ffff:/, '')}:${port}` }],
  });
}

export function handleGroupsDiscovery(ctx: RequestContext, catalog: ClusterCatalog): void {
  const groups = catalog.groups().filter((g) => g.group !== '');
  const agg = aggregatedVersion(ctx.req.headers.accept);
  if (agg) {
    sendAggregated(ctx, agg, groups.map((g) => aggregatedGroup(catalog, g.group, g.versions)));
    return;
  }
  sendJson(ctx.res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => legacyGroup(g.group, g.versions)) });
}

export function handleGroupDiscovery(ctx: RequestContext, catalog: ClusterCatalog, group: string): void {
  const g = catalog.groups().find((x) => x.group === group && group !== '');
  if (!g) throw pathNotFound();
  sendJson(ctx.res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...legacyGroup(g.group, g.versions) });
}

function legacyResources(r: ServedResource): Obj[] {
  const main: Obj = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames.length) main.shortNames = r.shortNames;
  if (r.categories.length) main.categories = r.categories;
  const subs = r.subresources.map((sub) => {
    const k = subresourceKind(r, sub);
    const entry: Obj = { name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced, kind: k.kind, verbs: SUBRESOURCE_VERBS[sub] ?? ['get', 'patch', 'update'] };
    if (sub === 'scale') Object.assign(entry, { group: 'autoscaling', version: 'v1' });
    return entry;
  });
  return [main, ...subs];
}

export function handleResourceDiscovery(ctx: RequestContext, catalog: ClusterCatalog, group: string, version: string): void {
  if (!catalog.hasGroupVersion(group, version) || (group === '' && version !== 'v1')) throw pathNotFound();
  sendJson(ctx.res, 200, {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: catalog.resourcesOf(group, version).flatMap(legacyResources),
  });
}
