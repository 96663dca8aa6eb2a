// Tables and prepared statements of the kine-style store.
//
//  log      every write ever made (until compacted): one row per revision, the revision being the
//           resourceVersion. Watches replay from it. `prev_rev` links a row to the key's previous state.
//  current  the revision of the newest state of every live key, clustered by key: a list is one ordered
//           range scan joined to the log by revision, handing back JSON text without parsing it.
//  meta     the compacted revision and a floor under the revision counter (so it never goes back, even
//           when the newest log rows are compacted or dropped).
import type { DatabaseSync, StatementSync } from 'node:sqlite';

export const EVENT_ADDED = 0;
export const EVENT_MODIFIED = 1;
export const EVENT_DELETED = 2;

export function createSchema(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS log (
      rev INTEGER PRIMARY KEY,
      cluster TEXT NOT NULL, grp TEXT NOT NULL, resource TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
      type INTEGER NOT NULL,
      prev_rev INTEGER NOT NULL,
      value TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS current (
      cluster TEXT NOT NULL, grp TEXT NOT NULL, resource TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
      rev INTEGER NOT NULL,
      PRIMARY KEY (cluster, grp, resource, ns, name)
    ) WITHOUT ROWID;
    -- A write is a single INSERT into the log (one statement = one transaction, the cheapest commit
    -- SQLite has); these triggers keep the index of current states in step inside that transaction.
    -- A create of an existing key fails on current's primary key and rolls the whole write back.
    CREATE TRIGGER IF NOT EXISTS log_added AFTER INSERT ON log WHEN new.type = 0 BEGIN
      INSERT INTO current (cluster, grp, resource, ns, name, rev)
        VALUES (new.cluster, new.grp, new.resource, new.ns, new.name, new.rev);
    END;
    CREATE TRIGGER IF NOT EXISTS log_modified AFTER INSERT ON log WHEN new.type = 1 BEGIN
      UPDATE current SET rev = new.rev WHERE cluster = new.cluster AND grp = new.grp
        AND resource = new.resource AND ns = new.ns AND name = new.name;
    END;
    CREATE TRIGGER IF NOT EXISTS log_deleted AFTER INSERT ON log WHEN new.type = 2 BEGIN
      DELETE FROM current WHERE cluster = new.cluster AND grp = new.grp
        AND resource = new.resource AND ns = new.ns AND name = new.name;
    END;
    CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID;
  `);
}

const KEY = 'c.cluster = ? AND c.grp = ? AND c.resource = ? AND c.ns = ? AND c.name = ?';

export interface Statements {
  begin: StatementSync;
  commit: StatementSync;
  rollback: StatementSync;
  getCurrent: StatementSync;
  insertLog: StatementSync;
  logValue: StatementSync;
  maxLogRev: StatementSync;
  getMeta: StatementSync;
  setMeta: StatementSync;
  listNs: StatementSync;
  listAll: StatementSync;
  countNsAfter: StatementSync;
  countAllAfter: StatementSync;
  replayNs: StatementSync;
  replayAll: StatementSync;
  changesNs: StatementSync;
  changesAll: StatementSync;
}

export function prepareStatements(db: DatabaseSync): Statements {
  const res = 'cluster = ? AND grp = ? AND resource = ?';
  const cres = 'c.cluster = ? AND c.grp = ? AND c.resource = ?';
  const replay = `SELECT l.rev, l.ns, l.name, l.type, l.value, p.value AS prev FROM log l
     LEFT JOIN log p ON p.rev = l.prev_rev AND l.prev_rev > 0
     WHERE l.rev > ? AND l.cluster = ? AND l.grp = ? AND l.resource = ?`;
  const changes = `SELECT rev, ns, name, type, prev_rev FROM log WHERE rev > ? AND ${res}`;
  const stmts: Statements = {
    begin: db.prepare('BEGIN'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    getCurrent: db.prepare(`SELECT c.rev, l.value FROM current c JOIN log l ON l.rev = c.rev WHERE ${KEY}`),
    insertLog: db.prepare(
      'INSERT INTO log (rev, cluster, grp, resource, ns, name, type, prev_rev, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    logValue: db.prepare('SELECT value FROM log WHERE rev = ?'),
    maxLogRev: db.prepare('SELECT coalesce(max(rev), 0) AS rev FROM log'),
    getMeta: db.prepare('SELECT v FROM meta WHERE k = ?'),
    setMeta: db.prepare('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v'),
    listNs: db.prepare(
      `SELECT c.ns, c.name, c.rev, l.value FROM current c JOIN log l ON l.rev = c.rev
       WHERE ${cres} AND c.ns = ? AND c.name > ? ORDER BY c.name LIMIT ?`,
    ),
    listAll: db.prepare(
      `SELECT c.ns, c.name, c.rev, l.value FROM current c JOIN log l ON l.rev = c.rev
       WHERE ${cres} AND (c.ns, c.name) > (?, ?) ORDER BY c.ns, c.name LIMIT ?`,
    ),
    countNsAfter: db.prepare(`SELECT count(*) AS n FROM current WHERE ${res} AND ns = ? AND name > ?`),
    countAllAfter: db.prepare(`SELECT count(*) AS n FROM current WHERE ${res} AND (ns, name) > (?, ?)`),
    replayNs: db.prepare(`${replay} AND l.ns = ? ORDER BY l.rev`),
    replayAll: db.prepare(`${replay} ORDER BY l.rev`),
    changesNs: db.prepare(`${changes} AND ns = ? ORDER BY rev`),
    changesAll: db.prepare(`${changes} ORDER BY rev`),
  };
  return stmts;
}
