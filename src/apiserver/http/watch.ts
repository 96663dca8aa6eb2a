// Watch streams: newline-delimited JSON events, resumable from a resourceVersion, with bookmarks, WatchList initial
// events, Table rows for `kubectl get -w`, heartbeats and timeouts. Each stored event is serialized once and the same
// text is written to every watcher that wants it.
import type { ServerResponse } from 'node:http';
import { badRequest, expired } from '../errors.ts';
import type { ServedResource } from '../registry/types.ts';
import { StorageError } from '../storage/types.ts';
import type { ResourcePrefix, StoreEvent, Watcher } from '../storage/types.ts';
import type { RequestContext, ResourceTarget } from './context.ts';
import { apiVersionOf } from './objects.ts';
import type { Obj } from './objects.ts';
import { listMatching, matchesSelectors, parseSelectors } from './read.ts';
import type { Selectors } from './read.ts';
import { toApiError } from './respond.ts';
import { printerFor, tableRow, tableRequest } from './table-view.ts';
import type { TableRequest } from './table-view.ts';

const DEFAULT_TIMEOUT_SECONDS = 1800;
const HEARTBEAT_MS = 10_000;
const BOOKMARK_EVERY_HEARTBEATS = 6;
/** A client that stops reading is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

const parsedEvents = new WeakMap<StoreEvent, { obj: Obj; prev?: Obj }>();

function parsed(event: StoreEvent): { obj: Obj; prev?: Obj } {
  let p = parsedEvents.get(event);
  if (!p) {
    p = { obj: JSON.parse(event.json) as Obj, prev: event.prevJson ? (JSON.parse(event.prevJson) as Obj) : undefined };
    parsedEvents.set(event, p);
  }
  return p;
}

/** The event's object as served through `r`'s version; the stored text itself when the versions agree. */
const servedTexts = new WeakMap<StoreEvent, string>();
function objectText(event: StoreEvent, r: ServedResource): string {
  const head = `{"apiVersion":"${apiVersionOf(r)}"`;
  if (event.json.startsWith(head)) return event.json;
  let text = servedTexts.get(event);
  if (!text) {
    text = JSON.stringify({ ...parsed(event).obj, apiVersion: apiVersionOf(r) });
    servedTexts.set(event, text);
  }
  return text;
}

/** One HTTP/1.1 chunk: watch bodies are written straight to the socket, framed here, so that one event's bytes are
 *  built once and the same Buffer goes to every watcher (the per-write work of ServerResponse adds up at 1,000). */
export function chunk(data: Buffer): Buffer {
  const head = Buffer.from(`${data.length.toString(16)}\r\n`);
  return Buffer.concat([head, data, CRLF]);
}
const CRLF = Buffer.from('\r\n');

/** Frames written in one turn of the event loop leave together: a burst of events (a namespace emptied, a
 *  deletecollection) costs each watcher one socket write rather than one per event. */
const dirty = new Set<() => void>();
let flushScheduled = false;
function scheduleFlush(flush: () => void): void {
  dirty.add(flush);
  if (flushScheduled) return;
  flushScheduled = true;
  process.nextTick(() => {
    flushScheduled = false;
    const flushes = [...dirty];
    dirty.clear();
    for (const f of flushes) f();
  });
}

/** The framed line of an event delivered as it happened, shared by every plain-JSON watcher of that version. */
const plainLines = new WeakMap<StoreEvent, { version: string; frame: Buffer }>();
function plainFrame(event: StoreEvent, r: ServedResource): Buffer {
  const version = apiVersionOf(r);
  let cached = plainLines.get(event);
  if (cached === undefined || cached.version !== version) {
    cached = { version, frame: chunk(Buffer.from(`{"type":"${event.type}","object":${objectText(event, r)}}\n`)) };
    plainLines.set(event, cached);
  }
  return cached.frame;
}

const tableTexts = new WeakMap<StoreEvent, Map<string, string>>();
function tableText(event: StoreEvent, r: ServedResource, table: TableRequest, withColumns: boolean, obj: Obj): string {
  const cacheKey = `${table.apiVersion}|${table.include}|${withColumns}`;
  let byKey = tableTexts.get(event);
  const hit = byKey?.get(cacheKey);
  if (hit) return hit;
  const text = JSON.stringify(oneRowTable(r, obj, table, withColumns));
  if (!byKey) tableTexts.set(event, (byKey = new Map()));
  byKey.set(cacheKey, text);
  return text;
}

function oneRowTable(r: ServedResource, obj: Obj, table: TableRequest, withColumns: boolean): Obj {
  const printer = printerFor(r);
  const rv = (obj.metadata as Obj | undefined)?.resourceVersion;
  return {
    kind: 'Table',
    apiVersion: table.apiVersion,
    metadata: { resourceVersion: rv },
    columnDefinitions: withColumns ? printer.columns : null,
    rows: [tableRow(printer, { ...obj, apiVersion: apiVersionOf(r) }, table.include, new Date())],
  };
}

function parseTimeout(query: URLSearchParams): number {
  const raw = query.get('timeoutSeconds');
  if (raw === null || raw === '') return DEFAULT_TIMEOUT_SECONDS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw badRequest(`timeoutSeconds: Invalid value: "${raw}": must be a non-negative integer`);
  return n === 0 ? DEFAULT_TIMEOUT_SECONDS : n;
}

function parseResourceVersion(raw: string | null): number | undefined {
  if (raw === null || raw === '' || raw === '0') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`resourceVersion: Invalid value: "${raw}": must be a non-negative integer`);
  return n;
}

export function handleWatch(ctx: RequestContext, t: ResourceTarget): void {
  const r = t.resource;
  const store = ctx.state.store;
  const sel: Selectors = parseSelectors(ctx.query, t.resource);
  if (t.name !== undefined) sel.fields = [...(sel.fields ?? []), { field: 'metadata.name', op: '=', value: t.name }];
  const filtered = (sel.labels?.length ?? 0) > 0 || (sel.fields?.length ?? 0) > 0;
  // a watch on one name (field selector or /watch/NAME) skips other objects' events by key, without parsing them:
  // one agent per cluster watching its own ManagedCluster would otherwise parse every cluster's events
  const onlyName = sel.fields?.find((f) => f.field === 'metadata.name' && f.op !== '!=')?.value;
  const table = tableRequest(ctx.req.headers.accept, ctx.query);
  const timeoutSeconds = parseTimeout(ctx.query);
  const sendInitial = ctx.query.get('sendInitialEvents') === 'true';
  const bookmarks = ctx.query.get('allowWatchBookmarks') === 'true';
  const fromParam = parseResourceVersion(ctx.query.get('resourceVersion'));
  if (sendInitial && !bookmarks) {
    throw badRequest('sendInitialEvents: Forbidden: sendInitialEvents requires setting allowWatchBookmarks=true');
  }
  const res = ctx.res;
  const prefix: ResourcePrefix = { cluster: t.cluster, group: r.group, resource: r.plural, namespace: t.namespace || undefined };

  let columnsSent = false;
  if (!res.socket) return; // the client is already gone
  const socket = res.socket;
  // direct socket writes are safe once our headers are on the socket itself (not queued behind a pipelined response)
  let direct = false;
  let pending: Buffer[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const data = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending = [];
    if (res.writableEnded || socket.destroyed) return;
    socket.write(data);
    if (socket.writableLength > MAX_BUFFERED_BYTES) socket.destroy();
  };
  const writeFrame = (frame: Buffer): void => {
    if (res.writableEnded || socket.destroyed) return;
    if (!direct) {
      res.write(frame.subarray(frame.indexOf(CRLF) + 2, frame.length - 2));
      return;
    }
    pending.push(frame);
    if (pending.length === 1) scheduleFlush(flush);
  };
  const write = (text: string): void => {
    if (text.length > 0) writeFrame(chunk(Buffer.from(text)));
  };
  const objectLine = (type: string, text: string, obj: () => Obj, event?: StoreEvent): string => {
    if (!table) return `{"type":"${type}","object":${text}}\n`;
    const withColumns = !columnsSent;
    columnsSent = true;
    const body = event ? tableText(event, r, table, withColumns, obj()) : JSON.stringify(oneRowTable(r, obj(), table, withColumns));
    return `{"type":"${type}","object":${body}}\n`;
  };
  const bookmark = (revision: number, initialEnd: boolean): string => {
    const metadata: Obj = { resourceVersion: String(revision) };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    return `${JSON.stringify({ type: 'BOOKMARK', object: { kind: r.kind, apiVersion: apiVersionOf(r), metadata } })}\n`;
  };

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders(); // clients wait for the headers before they count the watch as started
  // over TLS the socket's own buffer counts in res.writableLength; only bytes still queued in the response matter
  direct = res.writableLength - socket.writableLength === 0;

  let fromRevision: number;
  const initial: string[] = [];
  if (fromParam === undefined || sendInitial) {
    const { objects, revision } = listMatching(ctx, t, sel);
    for (const obj of objects) initial.push(objectLine('ADDED', JSON.stringify(obj), () => obj));
    fromRevision = Math.max(revision, fromParam ?? 0);
    if (sendInitial) initial.push(bookmark(fromRevision, true));
  } else {
    fromRevision = fromParam;
    const compacted = store.compactedRevision();
    if (fromRevision < compacted) {
      const err = expired(`too old resource version: ${fromRevision} (${compacted})`);
      res.end(`${JSON.stringify({ type: 'ERROR', object: err.status })}\n`);
      return;
    }
  }
  if (initial.length > 0) write(initial.join(''));

  const deliver = (event: StoreEvent): void => {
    if (!filtered) {
      if (table) write(objectLine(event.type, objectText(event, r), () => parsed(event).obj, event));
      else writeFrame(plainFrame(event, r));
      return;
    }
    if (onlyName !== undefined && event.key.name !== onlyName) return;
    const p = parsed(event);
    const now = matchesSelectors(sel, p.obj);
    const before = p.prev !== undefined && matchesSelectors(sel, p.prev);
    let type: string | undefined;
    if (event.type === 'ADDED') type = now ? 'ADDED' : undefined;
    else if (event.type === 'DELETED') type = before || now ? 'DELETED' : undefined;
    else type = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
    if (!type) return;
    if (!table && type === event.type) writeFrame(plainFrame(event, r));
    else write(objectLine(type, objectText(event, r), () => p.obj, type === event.type ? event : undefined));
  };

  const onEvent = (event: StoreEvent): void => {
    try {
      deliver(event);
    } catch (err) {
      // a broken stream is ended rather than left silent: the client re-watches from its last resourceVersion
      ctx.state.logger.warn({ err, resource: r.plural }, 'watch event could not be delivered; ending the stream');
      res.end();
    }
  };

  let watcher: Watcher;
  try {
    watcher = store.watch(prefix, { fromRevision }, onEvent);
  } catch (err) {
    // the replay could not start: tell the client in-band, as kube does once the stream has begun
    const status = err instanceof StorageError && err.reason === 'Expired'
      ? expired(`too old resource version: ${fromRevision} (${store.compactedRevision()})`).status
      : toApiError(err).status;
    ctx.state.logger.debug({ err }, 'watch could not start');
    res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
    return;
  }

  let beats = 0;
  const heartbeat = setInterval(() => {
    beats++;
    // a bookmark doubles as the heartbeat when the client allows them; else a bare newline keeps idle streams alive
    write(bookmarks && beats % BOOKMARK_EVERY_HEARTBEATS === 0 ? bookmark(store.currentRevision(), false) : '\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const timeout = setTimeout(() => {
    flush();
    res.end();
  }, timeoutSeconds * 1000);
  timeout.unref();
  ctx.state.openStreams.set(res, { cluster: t.cluster, group: r.group, resource: r.plural });
  const stop = (): void => {
    watcher.stop();
    clearInterval(heartbeat);
    clearTimeout(timeout);
    ctx.state.openStreams.delete(res as ServerResponse);
  };
  res.on('close', stop);
  res.on('error', stop);
  if (socket.destroyed) stop(); // the client left while the initial events were being read
}
