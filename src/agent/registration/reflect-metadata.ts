// @peculiar/x509 loads tsyringe, which needs `Reflect.getMetadata` (normally the reflect-metadata package, not a
// dependency here). This installs the few functions it uses when nothing else has. Import it before '@peculiar/x509'.
type Target = object;
type Key = string | symbol;
const reflect = Reflect as unknown as Record<string, unknown>;

if (typeof reflect.getMetadata !== 'function') {
  const metadata = new WeakMap<Target, Map<Key | undefined, Map<Key, unknown>>>();
  const own = (target: Target, property: Key | undefined, create: boolean): Map<Key, unknown> | undefined => {
    let byProperty = metadata.get(target);
    if (!byProperty && create) metadata.set(target, (byProperty = new Map()));
    let entries = byProperty?.get(property);
    if (!entries && create && byProperty) byProperty.set(property, (entries = new Map()));
    return entries;
  };
  const get = (key: Key, target: Target, property?: Key): unknown => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
      const entries = own(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
  const define = (key: Key, value: unknown, target: Target, property?: Key): void => {
    own(target, property, true)!.set(key, value);
  };
  Object.assign(reflect, {
    defineMetadata: define,
    getMetadata: get,
    getOwnMetadata: (key: Key, target: Target, property?: Key) => own(target, property, false)?.get(key),
    hasMetadata: (key: Key, target: Target, property?: Key) => get(key, target, property) !== undefined,
    metadata: (key: Key, value: unknown) => (target: Target, property?: Key) => define(key, value, target, property),
  });
}

export {};
