// OpenAPI: the v3 index and one document per group-version. What kubectl reads from them is, per kind, a patch
// operation tagged with x-kubernetes-group-version-kind that takes a `fieldValidation` parameter (so validation is left
// to the server). The patch body types omit strategic merge on purpose: kubectl then builds strategic patches for
// built-ins from its own types and merge patches for CRDs, as against a real server with no v3 patch metadata.
import { createHash } from 'node:crypto';
import { pathNotFound } from '../errors.ts';
import type { ClusterCatalog } from '../registry/catalog.ts';
import type { ServedResource } from '../registry/types.ts';
import type { RequestContext } from './context.ts';
import { sendJson, sendText } from './respond.ts';

type Obj = Record<string, unknown>;

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function schemaName(r: ServedResource): string {
  const reversed = (r.group || 'core').split('.').reverse().join('.');
  return `${reversed}.${r.version}.${r.kind}`;
}

function gvk(r: ServedResource): Obj[] {
  return [{ group: r.group, version: r.version, kind: r.kind }];
}

function ref(r: ServedResource): Obj {
  return { $ref: `#/components/schemas/${schemaName(r)}` };
}

function params(names: string[]): Obj[] {
  return names.map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true } }));
}

function operation(r: ServedResource, action: string, extra: Obj): Obj {
  return {
    operationId: `${action}${r.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref(r) } } } },
    ...extra,
  };
}

function resourcePaths(r: ServedResource): Record<string, Obj> {
  const base = `/${gvPath(r.group, r.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
  const body = (types: string[]): Obj => ({ content: Object.fromEntries(types.map((t) => [t, { schema: ref(r) }])), required: true });
  const paths: Record<string, Obj> = {
    [base]: {
      get: operation(r, 'list', { parameters: params(['labelSelector', 'fieldSelector', 'limit', 'continue', 'watch']) }),
      post: operation(r, 'post', { parameters: params(QUERY_PARAMS), requestBody: body(['application/json', 'application/yaml']) }),
    },
    [`${base}/{name}`]: {
      get: operation(r, 'get', {}),
      put: operation(r, 'put', { parameters: params(QUERY_PARAMS), requestBody: body(['application/json', 'application/yaml']) }),
      patch: operation(r, 'patch', { parameters: params(QUERY_PARAMS), requestBody: body(PATCH_TYPES) }),
      delete: operation(r, 'delete', { parameters: params(['dryRun', 'propagationPolicy']) }),
    },
  };
  for (const sub of r.subresources) {
    if (sub === 'scale') continue;
    paths[`${base}/{name}/${sub}`] = {
      get: operation(r, 'get', {}),
      put: operation(r, 'put', { parameters: params(QUERY_PARAMS), requestBody: body(['application/json']) }),
    };
  }
  return paths;
}

function kindSchema(r: ServedResource): Obj {
  const schema: Obj = r.crd && Object.keys(r.crd.schema).length > 0 ? { ...r.crd.schema } : { type: 'object' };
  schema['x-kubernetes-group-version-kind'] = gvk(r);
  if (!schema.description) schema.description = `${r.kind} (${r.group ? `${r.group}/` : ''}${r.version})`;
  return schema;
}

export function openApiDocument(catalog: ClusterCatalog, group: string, version: string): Obj {
  const resources = catalog.resourcesOf(group, version);
  const paths: Record<string, Obj> = {};
  const schemas: Record<string, Obj> = {};
  for (const r of resources) {
    if (r.verbs.includes('patch')) Object.assign(paths, resourcePaths(r));
    schemas[schemaName(r)] = kindSchema(r);
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.35.0' }, paths, components: { schemas } };
}

function docHash(catalog: ClusterCatalog, group: string, version: string): string {
  const resources = catalog.resourcesOf(group, version);
  return createHash('sha256').update(JSON.stringify(resources)).digest('hex').slice(0, 32).toUpperCase();
}

/** `prefix` is the virtual cluster's path prefix: kubectl requests serverRelativeURL from the server's root. */
export function handleOpenApiIndex(ctx: RequestContext, catalog: ClusterCatalog, prefix: string): void {
  const paths: Record<string, Obj> = {};
  for (const g of catalog.groups()) {
    for (const v of g.versions) {
      const p = gvPath(g.group, v);
      paths[p] = { serverRelativeURL: `${prefix}/openapi/v3/${p}?hash=${docHash(catalog, g.group, v)}` };
    }
  }
  sendJson(ctx.res, 200, { paths });
}

export function handleOpenApiDocument(ctx: RequestContext, catalog: ClusterCatalog, group: string, version: string): void {
  if (!catalog.hasGroupVersion(group, version)) throw pathNotFound();
  ctx.res.setHeader('Cache-Control', 'no-cache, private');
  sendJson(ctx.res, 200, openApiDocument(catalog, group, version));
}

/** A minimal swagger 2.0 document: kubectl only needs the endpoint to answer. */
export function handleOpenApiV2(ctx: RequestContext): void {
  const accept = ctx.req.headers.accept ?? '';
  if (accept.includes('protobuf')) {
    ctx.res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'Content-Length': 5 });
    ctx.res.end(Buffer.from([0x0a, 0x03, 0x32, 0x2e, 0x30])); // message Document { swagger: "2.0" }
    return;
  }
  sendText(ctx.res, 200, JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.35.0' }, paths: {} }));
}
