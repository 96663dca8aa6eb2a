// Turns a request path into what it addresses: a virtual cluster prefix, then a fixed endpoint, a discovery document
// or a resource (with optional namespace, name and subresource). Pure: no catalog lookups happen here.

export type Route =
  | { type: 'version' }
  | { type: 'health'; check: 'healthz' | 'livez' | 'readyz' }
  | { type: 'admin-clusters'; name?: string }
  | { type: 'discovery-core' } // /api
  | { type: 'discovery-groups' } // /apis
  | { type: 'discovery-group'; group: string } // /apis/g
  | { type: 'discovery-resources'; group: string; version: string } // /api/v1, /apis/g/v
  | { type: 'openapi-v3-index' }
  | { type: 'openapi-v3-doc'; group: string; version: string }
  | { type: 'openapi-v2' }
  | ResourcePath
  | { type: 'unknown' };

export interface ResourcePath {
  type: 'resource';
  group: string;
  version: string;
  plural: string;
  /** The namespace segment of the path; undefined when the path has none. */
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface ParsedPath {
  /** '' for the hub, else the virtual cluster's name. */
  cluster: string;
  route: Route;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function resourceRoute(group: string, version: string, rest: string[]): Route {
  if (rest.length === 0 || rest.length > 5) return { type: 'unknown' };
  const base = { type: 'resource' as const, group, version };
  const isCoreNamespaceItself = group === '' && rest[0] === 'namespaces' && (rest.length <= 2 || (rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2])));
  if (rest[0] === 'namespaces' && rest.length >= 3 && !isCoreNamespaceItself) {
    const [, namespace, plural, name, subresource] = rest;
    return { ...base, namespace, plural, name, subresource };
  }
  if (rest.length > 3) return { type: 'unknown' };
  const [plural, name, subresource] = rest;
  return { ...base, plural, name, subresource };
}

function decodeSegments(path: string): string[] | undefined {
  try {
    const segments = path.split('/').filter((s) => s !== '');
    return path.includes('%') ? segments.map(decodeURIComponent) : segments;
  } catch {
    return undefined;
  }
}

export function parsePath(pathname: string): ParsedPath {
  const segments = decodeSegments(pathname);
  if (!segments) return { cluster: '', route: { type: 'unknown' } };
  let cluster = '';
  let s = segments;
  if (s[0] === 'clusters' && s.length >= 2) {
    cluster = s[1];
    s = s.slice(2);
  } else if (s[0] === 'admin' && s[1] === 'clusters' && s.length <= 3) {
    return { cluster, route: { type: 'admin-clusters', name: s[2] } };
  }
  return { cluster, route: routeWithinCluster(s) };
}

function routeWithinCluster(s: string[]): Route {
  const [first, second, third] = s;
  switch (first) {
    case 'version':
      return s.length === 1 ? { type: 'version' } : { type: 'unknown' };
    case 'healthz':
    case 'livez':
    case 'readyz':
      return { type: 'health', check: first };
    case 'openapi':
      if (second === 'v2' && s.length === 2) return { type: 'openapi-v2' };
      if (second !== 'v3') return { type: 'unknown' };
      if (s.length === 2) return { type: 'openapi-v3-index' };
      if (third === 'api' && s.length === 4) return { type: 'openapi-v3-doc', group: '', version: s[3] };
      if (third === 'apis' && s.length === 5) return { type: 'openapi-v3-doc', group: s[3], version: s[4] };
      return { type: 'unknown' };
    case 'api':
      if (s.length === 1) return { type: 'discovery-core' };
      if (s.length === 2) return { type: 'discovery-resources', group: '', version: second };
      return resourceRoute('', second, s.slice(2));
    case 'apis':
      if (s.length === 1) return { type: 'discovery-groups' };
      if (s.length === 2) return { type: 'discovery-group', group: second };
      if (s.length === 3) return { type: 'discovery-resources', group: second, version: third };
      return resourceRoute(second, third, s.slice(3));
    default:
      return { type: 'unknown' };
  }
}
