// Human-readable dump of an IR policy, for debugging the planner and the code generator.
import type { Block, Operand, Policy, Stmt } from './ir.ts';

/** Numeric statement fields that are not locals. */
function isLiteral(type: string, field: string): boolean {
  if (field === 'value') return type === 'MakeNumberIntStmt' || type === 'AssignIntStmt';
  return field === 'index' || field === 'capacity';
}

export function printPolicy(p: Policy): string {
  const strings = p.static.strings.map((s) => s.value);
  const op = (o: Operand): string =>
    o.type === 'local' ? `l${o.value}` : o.type === 'bool' ? String(o.value) : JSON.stringify(strings[o.value]);
  const lines: string[] = [];
  const block = (b: Block, depth: number): void => {
    for (const s of b.stmts) stmt(s, depth);
  };
  const stmt = (s: Stmt, depth: number): void => {
    const pad = '  '.repeat(depth);
    const fields = Object.entries(s)
      .filter(([k]) => !['type', 'location', 'block', 'blocks'].includes(k))
      .map(([k, v]) => `${k}=${typeof v === 'number' && !isLiteral(s.type, k) ? `l${v}` : k === 'path' && s.type === 'WithStmt' ? fmt((v as number[]).map((i) => strings[i])) : fmt(v)}`);
    lines.push(`${pad}${s.type.replace(/Stmt$/, '')} ${fields.join(' ')}`.trimEnd());
    if ('block' in s) block(s.block, depth + 1);
    if ('blocks' in s) {
      s.blocks.forEach((b, i) => {
        lines.push(`${pad}  block ${i}:`);
        block(b, depth + 2);
      });
    }
  };
  const fmt = (v: unknown): string => {
    if (typeof v === 'object' && v !== null && 'type' in v) return op(v as Operand);
    if (Array.isArray(v)) return '[' + v.map(fmt).join(', ') + ']';
    return JSON.stringify(v);
  };
  for (const f of p.funcs.funcs) {
    lines.push(`func ${f.name}(${f.params.map((l) => `l${l}`).join(', ')}) -> l${f.return}`);
    f.blocks.forEach((b, i) => {
      lines.push(`  block ${i}:`);
      block(b, 2);
    });
  }
  for (const plan of p.plans.plans) {
    lines.push(`plan ${plan.name}`);
    plan.blocks.forEach((b, i) => {
      lines.push(`  block ${i}:`);
      block(b, 2);
    });
  }
  return lines.join('\n');
}
