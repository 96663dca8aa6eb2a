// Writes an input projection (ir/input-projection.ts) into the constants segment in the layout
// the runtime's projected parser reads (runtime/assembly/json-project.ts):
//   node: [flags (1 = whole)] [any node or 0] [key count] then per key [bytes] [length] [node]
// The layout is resolved for the parser: a listed key's node already includes what `any` asks for.
import type { ProjectionNode } from '../ir/input-projection.ts';
import type { ConstantPool } from './layout.ts';

const WHOLE = 1;
/** Past this many nodes a projection is not worth its bytes: the whole input is parsed instead. */
const MAX_NODES = 2048;

class TooLarge extends Error {}

/** The address of the projection's root node, or 0 (parse the whole input). */
export function writeProjection(pool: ConstantPool, root: ProjectionNode | undefined): number {
  if (!root || root.whole) return 0;
  const writer = new Writer(pool);
  try {
    return writer.node(root);
  } catch (e) {
    if (e instanceof TooLarge) return 0;
    throw e;
  }
}

class Writer {
  private readonly pool: ConstantPool;
  private whole = 0;
  private count = 0;

  constructor(pool: ConstantPool) {
    this.pool = pool;
  }

  node(n: ProjectionNode): number {
    if (n.whole) {
      if (this.whole === 0) this.whole = this.pool.addWords([WHOLE, 0, 0]);
      return this.whole;
    }
    if (++this.count > MAX_NODES) throw new TooLarge();
    const entries: number[] = [];
    for (const [key, child] of n.keys) {
      const bytes = new TextEncoder().encode(key);
      const addr = this.pool.addBytes(bytes, false);
      entries.push(addr, bytes.length, this.node(union(child, n.any)));
    }
    const any = n.any ? this.node(n.any) : 0;
    return this.pool.addWords([0, any, n.keys.size, ...entries]);
  }
}

function union(a: ProjectionNode, b: ProjectionNode | undefined): ProjectionNode {
  if (!b) return a;
  if (a.whole || b.whole) return { whole: true, keys: new Map() };
  const keys = new Map(a.keys);
  for (const [k, child] of b.keys) {
    const mine = keys.get(k);
    keys.set(k, mine ? union(mine, child) : child);
  }
  const any = a.any && b.any ? union(a.any, b.any) : (a.any ?? b.any);
  return { whole: false, keys, any };
}
