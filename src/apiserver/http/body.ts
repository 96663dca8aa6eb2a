// Reading and decoding request bodies: a 3 MiB cap (kube's limit), then JSON, YAML or kube protobuf by Content-Type.
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../errors.ts';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(requestEntityTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(requestEntityTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
    req.on('close', () => {
      if (!failed && !req.complete) reject(new Error('the client closed the connection before sending the whole body'));
    });
  });
}

/** The media type without parameters, lower-cased: "application/json". */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

function describeJsonError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(`the request body is not valid JSON: ${describeJsonError(err)}`);
  }
}

export function parseYamlBody(body: Buffer): unknown {
  try {
    return parseYaml(body.toString('utf8'), { maxAliasCount: 100 });
  } catch (err) {
    throw badRequest(`the request body is not valid YAML: ${describeJsonError(err)}`);
  }
}

const OBJECT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** Decodes a create/update body into an object. */
export async function decodeObjectBody(contentType: string | undefined, body: Buffer): Promise<Record<string, unknown>> {
  const type = mediaType(contentType);
  let value: unknown;
  if (body.length === 0) throw badRequest('the request body is empty; send the object as JSON');
  if (type === 'application/json' || type === '') value = parseJsonBody(body);
  else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') value = parseYamlBody(body);
  else if (type === 'application/vnd.kubernetes.protobuf') {
    // loaded on first use: only kubectl's typed commands send protobuf
    const { decodeKubeProtobuf } = await import('../protobuf.ts');
    value = decodeKubeProtobuf(new Uint8Array(body.buffer, body.byteOffset, body.length));
  }
  else throw unsupportedMediaType(OBJECT_TYPES);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('the request body must be a JSON object (a Kubernetes object with apiVersion, kind and metadata)');
  }
  return value as Record<string, unknown>;
}
