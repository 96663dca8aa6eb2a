// The rule tree: rules indexed by their path under data. A node may hold the rules of one group
// and children; `with data.x as v` hides the rules under data.x while it applies.
import type { CompiledRule } from '../compiler/types.ts';

export class RuleTrie {
  readonly children = new Map<string, RuleTrie>();
  readonly rules: CompiledRule[] = [];
  hidden = 0;

  insert(path: string[]): RuleTrie {
    let n: RuleTrie = this;
    for (const p of path) {
      let c = n.children.get(p);
      if (!c) {
        c = new RuleTrie();
        n.children.set(p, c);
      }
      n = c;
    }
    return n;
  }

  /** The visible child named `key`, if any. */
  get(key: string): RuleTrie | undefined {
    const c = this.children.get(key);
    return c && c.hidden === 0 ? c : undefined;
  }

  lookup(path: string[]): RuleTrie | undefined {
    let n: RuleTrie | undefined = this;
    for (const p of path) {
      n = n.get(p);
      if (!n) return undefined;
    }
    return n;
  }

  /** Visible child keys, sorted. */
  keys(): string[] {
    return [...this.children.keys()].filter((k) => this.children.get(k)!.hidden === 0).sort();
  }

  /** True when this node or a descendant holds rules. */
  hasRules(): boolean {
    if (this.rules.length > 0) return true;
    for (const k of this.keys()) if (this.children.get(k)!.hasRules()) return true;
    return false;
  }

  arity(): number {
    return this.rules[0]?.args?.length ?? 0;
  }

  isFunction(): boolean {
    return this.rules[0]?.kind === 'function';
  }

  /** True for functions with parameters; a function of no arguments also has a value in its document, as in OPA. */
  takesArgs(): boolean {
    return this.isFunction() && this.arity() > 0;
  }
}
