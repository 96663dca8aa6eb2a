import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leaseResource } from '../../src/kube/resources.ts';
import type { Lease } from '../../src/kube/resources.ts';
import { LeaderElector } from '../../src/kube/leader-election.ts';
import { eventually, startEnv, testLogger } from './support.ts';
import type { Env } from './support.ts';

const script = fileURLToPath(new URL('./fixtures/leader.ts', import.meta.url));

interface Candidate {
  proc: ChildProcess;
  events: { event: string; who?: string }[];
  exited: Promise<number | null>;
}

let env: Env;
const procs: ChildProcess[] = [];
beforeAll(async () => {
  env = await startEnv();
});
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await env.client().resource<Lease>(leaseResource).delete('test-controller', { namespace: 'kube-system' }).catch(() => undefined);
});
afterAll(() => env.stop());

function candidate(identity: string, leaseMs: number): Candidate {
  const proc = spawn(process.execPath, [script, env.server.kubeconfigPath, 'hub', identity, String(leaseMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  procs.push(proc);
  const events: Candidate['events'] = [];
  let buf = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buf.slice(0, nl)) as Candidate['events'][number]);
      buf = buf.slice(nl + 1);
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, events, exited };
}

const has = (c: Candidate, event: string, who?: string): boolean => c.events.some((e) => e.event === event && (who === undefined || e.who === who));
const lease = (): Promise<Lease> => env.client().resource<Lease>(leaseResource).get('test-controller', 'kube-system');

describe('leader election between two processes', () => {
  it('hands over at once when the leader stops gracefully (the lease is released)', async () => {
    // a lease far longer than the test timeout: only the release lets the second process lead in time
    const a = candidate('alpha', 600_000);
    await eventually(() => has(a, 'started'), 30_000, 'alpha leads');
    const b = candidate('beta', 600_000);
    await eventually(() => has(b, 'leader', 'alpha'), 30_000, 'beta sees alpha as leader');
    expect(has(b, 'started')).toBe(false);
    const held = await lease();
    expect(held.spec).toMatchObject({ holderIdentity: 'alpha', leaseDurationSeconds: 600, leaseTransitions: 0 });
    expect(held.spec?.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    a.proc.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(has(a, 'stopped')).toBe(true);
    await eventually(() => has(b, 'started'), 30_000, 'beta leads after alpha released');
    const taken = await lease();
    expect(taken.spec).toMatchObject({ holderIdentity: 'beta', leaseTransitions: 1 });
    expect(Date.parse(taken.spec!.acquireTime!)).toBeGreaterThanOrEqual(Date.parse(held.spec!.acquireTime!));
  });

  it('takes over after the lease expires when the leader crashes', async () => {
    const a = candidate('alpha', 4_000);
    await eventually(() => has(a, 'started'), 30_000, 'alpha leads');
    const b = candidate('beta', 4_000);
    await eventually(() => has(b, 'leader', 'alpha'), 30_000, 'beta sees alpha as leader');
    const before = await lease();
    a.proc.kill('SIGKILL');
    await a.exited;
    await eventually(() => has(b, 'started'), 30_000, 'beta leads after the lease expired');
    expect(has(a, 'stopped')).toBe(false);
    const after = await lease();
    expect(after.spec?.holderIdentity).toBe('beta');
    expect(after.spec?.leaseTransitions).toBe((before.spec?.leaseTransitions ?? 0) + 1);
  });
});

describe('leader election in one process', () => {
  it('steps down when another holder takes the lease over', async () => {
    const client = env.client();
    let stopped = false;
    let leadingSignal: AbortSignal | undefined;
    const elector = new LeaderElector({
      client,
      namespace: 'kube-system',
      name: 'test-controller',
      identity: 'solo',
      leaseDurationMs: 3_000,
      renewDeadlineMs: 1_000,
      retryPeriodMs: 200,
      logger: testLogger(),
      onStartedLeading: (signal) => {
        leadingSignal = signal;
      },
      onStoppedLeading: () => {
        stopped = true;
      },
    });
    const done = elector.run();
    await eventually(() => elector.isLeader(), 30_000, 'solo leads');
    // an administrator hands the lease to someone else
    const leases = client.resource<Lease>(leaseResource);
    await eventually(async () => {
      const l = await leases.get('test-controller', 'kube-system');
      await leases.update({ ...l, spec: { ...l.spec, holderIdentity: 'intruder', renewTime: new Date().toISOString().replace('Z', '000Z') } });
      return true;
    }, 30_000, 'lease overwritten');
    await done;
    expect(stopped).toBe(true);
    expect(elector.isLeader()).toBe(false);
    expect(leadingSignal?.aborted).toBe(true);
    expect((await leases.get('test-controller', 'kube-system')).spec?.holderIdentity).toBe('intruder');
  });
});
