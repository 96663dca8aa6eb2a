import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiextensionsV1Api, CustomObjectsApi, Watch } from '@kubernetes/client-node';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';

const GROUP = 'demo.example.com';
const AGG_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

function widgetCrd(): any {
  const version = (name: string, storage: boolean) => ({
    name, served: true, storage,
    schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, x_kubernetes_preserve_unknown_fields: true } },
    selectableFields: [{ jsonPath: '.spec.color' }],
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${GROUP}` },
    spec: { group: GROUP, scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [version('v1beta1', false), version('v1', true)] },
  };
}

describe('a CRD with several versions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.kc.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({ body: widgetCrd() });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('lists versions preferred first in discovery, and defaults listKind and singular', async () => {
    const apis = (await t.raw('GET', '/apis', { headers: { Accept: AGG_ACCEPT } })).json<any>();
    const group = apis.items.find((g: any) => g.metadata.name === GROUP);
    expect(group.versions.map((v: any) => v.version)).toEqual(['v1', 'v1beta1']);
    expect(group.versions[0].resources[0]).toMatchObject({ resource: 'widgets', singularResource: 'widget', scope: 'Namespaced' });
    const legacy = (await t.raw('GET', `/apis/${GROUP}`)).json<any>();
    expect(legacy.preferredVersion).toEqual({ groupVersion: `${GROUP}/v1`, version: 'v1' });
  });

  it('serves one object through every version with that version as apiVersion', async () => {
    const custom = t.kc.makeApiClient(CustomObjectsApi);
    await custom.createNamespacedCustomObject({
      group: GROUP, version: 'v1beta1', namespace: 'default', plural: 'widgets',
      body: { apiVersion: `${GROUP}/v1beta1`, kind: 'Widget', metadata: { name: 'w' }, spec: { color: 'red' } },
    });
    const v1: any = await custom.getNamespacedCustomObject({ group: GROUP, version: 'v1', namespace: 'default', plural: 'widgets', name: 'w' });
    expect(v1.apiVersion).toBe(`${GROUP}/v1`);
    const list = (await t.raw('GET', `/apis/${GROUP}/v1/namespaces/default/widgets`)).json<any>();
    expect(list).toMatchObject({ kind: 'WidgetList', apiVersion: `${GROUP}/v1` });
    expect(list.items[0].apiVersion).toBe(`${GROUP}/v1`);
    const red = (await t.raw('GET', `/apis/${GROUP}/v1/namespaces/default/widgets?fieldSelector=spec.color%3Dred`)).json<any>();
    expect(red.items).toHaveLength(1);
    const blue = (await t.raw('GET', `/apis/${GROUP}/v1/namespaces/default/widgets?fieldSelector=spec.color%3Dblue`)).json<any>();
    expect(blue.items).toHaveLength(0);
  });

  it('ends watches on the kind when the CRD is deleted', async () => {
    const watch = new Watch(t.kc);
    const ended = new Promise<void>((resolve) => {
      void watch.watch(`/apis/${GROUP}/v1/widgets`, {}, () => undefined, () => resolve());
    });
    await new Promise((r) => setTimeout(r, 100));
    await t.kc.makeApiClient(ApiextensionsV1Api).deleteCustomResourceDefinition({ name: `widgets.${GROUP}` });
    await ended;
    expect((await t.raw('GET', `/apis/${GROUP}/v1/widgets`)).status).toBe(404);
  });
});
