// Resource requests: resolve the path against the virtual cluster's catalog, then pick the verb.
import { methodNotAllowed, pathNotFound } from '../errors.ts';
import { ClusterCatalog } from '../registry/catalog.ts';
import type { RequestContext, ResourceTarget } from './context.ts';
import { handleDelete, handleDeleteCollection } from './delete.ts';
import { handlePatch } from './patch-verb.ts';
import { handleScale } from './scale.ts';
import { handleGet, handleList } from './read.ts';
import type { ResourcePath } from './router.ts';
import { handleWatch } from './watch.ts';
import { handleCreate, handleUpdate } from './write.ts';

function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}

function resolve(ctx: RequestContext, catalog: ClusterCatalog, route: ResourcePath): ResourceTarget {
  const resource = catalog.lookup(route.group, route.version, route.plural);
  if (!resource) throw pathNotFound();
  if (!resource.namespaced && route.namespace !== undefined) throw pathNotFound();
  if (route.subresource !== undefined && !resource.subresources.includes(route.subresource)) throw pathNotFound();
  return {
    cluster: ctx.cluster,
    resource,
    namespace: resource.namespaced ? (route.namespace ?? '') : '',
    name: route.name,
    subresource: route.subresource,
  };
}

function requireVerb(t: ResourceTarget, verb: string): void {
  if (!t.resource.verbs.includes(verb)) throw methodNotAllowed();
}

export async function handleResource(ctx: RequestContext, catalog: ClusterCatalog, route: ResourcePath): Promise<void> {
  const t = resolve(ctx, catalog, route);
  const method = ctx.req.method ?? 'GET';
  const name = t.name;
  if (ClusterCatalog.isReview(t.resource) && method !== 'POST') throw methodNotAllowed();
  if (t.subresource === 'scale' && name !== undefined) {
    if (!['GET', 'PUT', 'PATCH'].includes(method)) throw methodNotAllowed();
    return handleScale(ctx, t, name);
  }
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (isWatch(ctx.query)) {
        requireVerb(t, 'watch');
        return handleWatch(ctx, t);
      }
      if (name === undefined) {
        requireVerb(t, 'list');
        return handleList(ctx, t);
      }
      requireVerb(t, 'get');
      return handleGet(ctx, t, name);
    case 'POST':
      requireVerb(t, 'create');
      if (t.resource.namespaced && t.namespace === '' && !ClusterCatalog.isReview(t.resource)) throw pathNotFound();
      return handleCreate(ctx, t);
    case 'PUT':
      if (name === undefined) throw methodNotAllowed();
      requireVerb(t, 'update');
      return handleUpdate(ctx, t, name);
    case 'PATCH':
      if (name === undefined) throw methodNotAllowed();
      requireVerb(t, 'patch');
      return handlePatch(ctx, t, name);
    case 'DELETE':
      if (name === undefined) return handleDeleteCollection(ctx, t);
      requireVerb(t, 'delete');
      return handleDelete(ctx, t, name);
    default:
      throw methodNotAllowed();
  }
}
