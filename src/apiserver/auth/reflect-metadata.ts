// @peculiar/x509 pulls in tsyringe, which refuses to load unless `Reflect.getMetadata` exists (the job of the
// reflect-metadata package, which is not a dependency). This is the small subset tsyringe and tslib's __metadata use,
// installed only when nothing else provides it. Import this module before '@peculiar/x509'.
type Target = object;
type Store = Map<string | symbol, unknown>;

interface ReflectMetadata {
  getMetadata?: (key: string | symbol, target: Target, property?: string | symbol) => unknown;
}

const reflect = Reflect as unknown as Record<string, unknown> & ReflectMetadata;

if (typeof reflect.getMetadata !== 'function') {
  const metadata = new WeakMap<Target, Map<string | symbol | undefined, Store>>();
  const storeFor = (target: Target, property: string | symbol | undefined, create: boolean): Store | undefined => {
    let byProperty = metadata.get(target);
    if (!byProperty) {
      if (!create) return undefined;
      metadata.set(target, (byProperty = new Map()));
    }
    let store = byProperty.get(property);
    if (!store && create) byProperty.set(property, (store = new Map()));
    return store;
  };
  const getOwn = (key: string | symbol, target: Target, property?: string | symbol): unknown => storeFor(target, property, false)?.get(key);
  const get = (key: string | symbol, target: Target, property?: string | symbol): unknown => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
      const store = storeFor(t, property, false);
      if (store?.has(key)) return store.get(key);
    }
    return undefined;
  };
  const define = (key: string | symbol, value: unknown, target: Target, property?: string | symbol): void => {
    storeFor(target, property, true)!.set(key, value);
  };
  Object.assign(reflect, {
    defineMetadata: define,
    getMetadata: get,
    getOwnMetadata: getOwn,
    hasMetadata: (key: string | symbol, target: Target, property?: string | symbol) => get(key, target, property) !== undefined,
    metadata: (key: string | symbol, value: unknown) => (target: Target, property?: string | symbol) => define(key, value, target, property),
  });
}

export {};
