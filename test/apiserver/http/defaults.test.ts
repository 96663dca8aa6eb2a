import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';

describe('defaults kube fills into built-in kinds', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  const post = async (path: string, body: unknown) => {
    const r = await t.raw('POST', path, { body: JSON.stringify(body) });
    expect(r.status).toBe(201);
    return r.json<any>();
  };

  it('starts a Pod Pending with its QoS class, whatever status the client sent', async () => {
    const best = await post('/api/v1/namespaces/default/pods', { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'x' }] }, status: { phase: 'Running' } });
    expect(best.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(best.spec.restartPolicy).toBe('Always');
    const guaranteed = await post('/api/v1/namespaces/default/pods', {
      metadata: { name: 'p2' },
      spec: { containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] },
    });
    expect(guaranteed.status.qosClass).toBe('Guaranteed');
    const burstable = await post('/api/v1/namespaces/default/pods', {
      metadata: { name: 'p3' },
      spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }] },
    });
    expect(burstable.status.qosClass).toBe('Burstable');
  });

  it('defaults a Deployment strategy, history and progress deadline', async () => {
    const d = await post('/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    });
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
  });

  it('keeps the status a Node is created with, and types a Service and a claim', async () => {
    const node = await post('/api/v1/nodes', { metadata: { name: 'n1' }, status: { capacity: { cpu: '4' } } });
    expect(node.status).toEqual({ capacity: { cpu: '4' } });
    const svc = await post('/api/v1/namespaces/default/services', { metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } });
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None' });
    const pvc = await post('/api/v1/namespaces/default/persistentvolumeclaims', { metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'] } });
    expect(pvc.status).toEqual({ phase: 'Pending' });
  });
});
