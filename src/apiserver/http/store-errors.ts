// Storage failures in kube's words.
import { ApiError, alreadyExists, badRequest, conflict, expired, notFound } from '../errors.ts';
import type { ServedResource } from '../registry/types.ts';
import { StorageError } from '../storage/types.ts';
import { qualifiedResource } from './objects.ts';

export function storageError(err: unknown, r: ServedResource, name: string): unknown {
  if (err instanceof ApiError || !(err instanceof StorageError)) return err;
  const q = qualifiedResource(r);
  switch (err.reason) {
    case 'NotFound':
      return notFound(q, name);
    case 'AlreadyExists':
      return alreadyExists(q, name);
    case 'Conflict':
      return conflict(q, name);
    case 'Expired':
      return name === '' && /continue/i.test(err.message)
        ? expired(`The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.`)
        : expired(err.message);
    case 'InvalidContinue':
      return badRequest(`invalid continue token: ${err.message}`);
    default:
      return badRequest(err.message);
  }
}
