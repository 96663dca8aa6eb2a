// Derives authorization attributes from an HTTP request, following kube's RequestInfo rules.

import type { Attributes } from './types.ts';

const VERB_BY_METHOD: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function isTrue(value: string | null): boolean {
  if (value === null) return false;
  return value !== 'false' && value !== '0';
}

/** A name taken from a `metadata.name=x` field selector must be a plain path segment. */
function nameFromFieldSelector(selector: string | null): string {
  if (!selector) return '';
  for (const part of selector.split(',')) {
    const m = /^metadata\.name(==|=)(.*)$/.exec(part.trim());
    if (m) {
      const name = m[2];
      if (name && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%')) return name;
    }
  }
  return '';
}

/** `path` is the URL path within one virtual cluster (the `/clusters/NAME` prefix already removed). */
export function requestAttributes(method: string, path: string, query: URLSearchParams): Attributes {
  const nonResource: Attributes = {
    verb: method.toLowerCase(),
    resourceRequest: false,
    apiGroup: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
    path,
  };
  const parts = path.replace(/^\/+|\/+$/g, '').split('/').filter((p) => p !== '');
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return nonResource;

  let rest: string[];
  let apiGroup = '';
  let apiVersion: string;
  if (parts[0] === 'api') {
    apiVersion = parts[1];
    rest = parts.slice(2);
  } else {
    if (parts.length < 4) return nonResource;
    apiGroup = parts[1];
    apiVersion = parts[2];
    rest = parts.slice(3);
  }

  let verb = VERB_BY_METHOD[method.toUpperCase()] ?? '';
  if (rest[0] === 'watch' || rest[0] === 'proxy') {
    verb = rest[0];
    rest = rest.slice(1);
  }

  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    // `/namespaces/x`, `/namespaces/x/status` and `/namespaces/x/finalize` address the namespace object itself.
    if (rest.length > 2 && rest[2] !== 'status' && rest[2] !== 'finalize') rest = rest.slice(2);
  }

  const [resource = '', name = '', subresource = ''] = rest;
  let finalName = name;
  if (verb === 'get' && !name) {
    verb = isTrue(query.get('watch')) ? 'watch' : 'list';
  }
  if ((verb === 'list' || verb === 'watch') && !name) finalName = nameFromFieldSelector(query.get('fieldSelector'));
  if (verb === 'delete' && !name) verb = 'deletecollection';

  return { verb, resourceRequest: true, apiGroup, apiVersion, resource, subresource, namespace, name: finalName, path };
}
