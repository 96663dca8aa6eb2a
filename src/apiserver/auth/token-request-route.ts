// The HTTP side of TokenRequest: POST /api/v1/namespaces/NS/serviceaccounts/NAME/token.
import { methodNotAllowed, pathNotFound } from '../errors.ts';
import { decodeObjectBody, readBody } from '../http/body.ts';
import type { RequestContext } from '../http/context.ts';
import { sendJson } from '../http/respond.ts';
import type { ResourcePath } from '../http/router.ts';
import type { ApiSecurity } from './security.ts';

export function isTokenRequest(route: ResourcePath): boolean {
  return route.group === '' && route.plural === 'serviceaccounts' && route.subresource === 'token';
}

export async function handleTokenRequest(ctx: RequestContext, security: ApiSecurity, route: ResourcePath): Promise<void> {
  if (route.version !== 'v1' || !route.namespace || !route.name) throw pathNotFound();
  if (ctx.req.method !== 'POST') throw methodNotAllowed();
  const body = await decodeObjectBody(ctx.req.headers['content-type'], await readBody(ctx.req));
  const answer = security.tokenRequest({ cluster: ctx.cluster, namespace: route.namespace, name: route.name }, body);
  sendJson(ctx.res, 201, answer);
}
