// @peculiar/x509 loads tsyringe, which refuses to start without `Reflect.getMetadata` (normally the reflect-metadata
// package, not a dependency here). This installs the small subset it uses, only when nothing else provides it.
// Import this module before '@peculiar/x509'.
type Target = object;
type Key = string | symbol;
const reflect = Reflect as unknown as Record<string, unknown>;

if (typeof reflect.getMetadata !== 'function') {
  const metadata = new WeakMap<Target, Map<Key | undefined, Map<Key, unknown>>>();
  const store = (target: Target, property: Key | undefined, create: boolean): Map<Key, unknown> | undefined => {
    let byProperty = metadata.get(target);
    if (!byProperty && create) metadata.set(target, (byProperty = new Map()));
    let s = byProperty?.get(property);
    if (!s && create && byProperty) byProperty.set(property, (s = new Map()));
    return s;
  };
  const get = (key: Key, target: Target, property?: Key): unknown => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
      const s = store(t, property, false);
      if (s?.has(key)) return s.get(key);
    }
    return undefined;
  };
  const define = (key: Key, value: unknown, target: Target, property?: Key): void => {
    store(target, property, true)!.set(key, value);
  };
  Object.assign(reflect, {
    defineMetadata: define,
    getMetadata: get,
    getOwnMetadata: (key: Key, target: Target, property?: Key) => store(target, property, false)?.get(key),
    hasMetadata: (key: Key, target: Target, property?: Key) => get(key, target, property) !== undefined,
    metadata: (key: Key, value: unknown) => (target: Target, property?: Key) => define(key, value, target, property),
  });
}

export {};
