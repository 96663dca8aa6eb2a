// regex.globs_match: whether two glob-like patterns (characters, `.`, `[...]` classes, `\` escapes,
// each optionally followed by `*` or `+`) match at least one common string. Each pattern is an
// automaton whose states are token positions; the two intersect when walking both at once can
// reach both ends (a breadth-first search over position pairs).
import { HostBuiltinError, str, type HostBuiltin } from './builtin-args.ts';

const MAX_CP = 0x10ffff;

/** A set of code points: sorted, disjoint inclusive ranges. */
type CharSet = [number, number][];

interface Token {
  set: CharSet;
  repeat: boolean; // `*` (a `+` becomes the token followed by its `*`)
}

function invalid(pattern: string, pos: number, what: string): HostBuiltinError {
  return new HostBuiltinError(`input:${pattern}, pos:${pos}, ${what}: the input provided is invalid`);
}

function normalise(ranges: CharSet): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: CharSet = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(set: CharSet): CharSet {
  const out: CharSet = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

function overlaps(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]![1] < b[j]![0]) i++;
    else if (b[j]![1] < a[i]![0]) j++;
    else return true;
  }
  return false;
}

function tokenize(pattern: string): Token[] {
  const cps = [...pattern];
  const tokens: Token[] = [];
  let i = 0;
  while (i < cps.length) {
    const c = cps[i]!;
    const pos = i + 1;
    let set: CharSet;
    if (c === '*' || c === '+') {
      const prev = tokens[tokens.length - 1];
      if (!prev || prev.repeat) throw invalid(pattern, pos, `quantifier '${c}' with no preceding token`);
      if (c === '*') prev.repeat = true;
      else tokens.push({ set: prev.set, repeat: true });
      i++;
      continue;
    }
    if (c === ']') throw invalid(pattern, pos, "set-close ']' with no preceding '['");
    if (c === '.') {
      set = [[0, MAX_CP]];
      i++;
    } else if (c === '\\') {
      if (i + 1 >= cps.length) throw invalid(pattern, pos, 'escape with no following character');
      const cp = cps[i + 1]!.codePointAt(0)!;
      set = [[cp, cp]];
      i += 2;
    } else if (c === '[') {
      i++;
      const negated = cps[i] === '^';
      if (negated) i++;
      const ranges: CharSet = [];
      while (i < cps.length && cps[i] !== ']') {
        let lo = cps[i]!;
        if (lo === '\\' && i + 1 < cps.length) lo = cps[++i]!;
        let hi = lo;
        if (cps[i + 1] === '-' && i + 2 < cps.length && cps[i + 2] !== ']') {
          hi = cps[i + 2] === '\\' && i + 3 < cps.length ? cps[i + 3]! : cps[i + 2]!;
          i += cps[i + 2] === '\\' ? 2 : 1;
          i++;
        }
        const [a, b] = [lo.codePointAt(0)!, hi.codePointAt(0)!];
        if (a > b) throw invalid(pattern, i + 1, 'invalid set range');
        ranges.push([a, b]);
        i++;
      }
      if (i >= cps.length) throw invalid(pattern, pos, "set-open '[' with no closing ']'");
      if (ranges.length === 0) throw invalid(pattern, pos, 'empty set');
      i++;
      set = negated ? complement(normalise(ranges)) : normalise(ranges);
    } else {
      const cp = c.codePointAt(0)!;
      set = [[cp, cp]];
      i++;
    }
    tokens.push({ set, repeat: false });
  }
  return tokens;
}

/** True when some string matches both patterns. */
export function globsIntersect(p1: string, p2: string): boolean {
  const a = tokenize(p1);
  const b = tokenize(p2);
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const queue: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number) => {
    const k = i * width + j;
    if (!seen[k]) {
      seen[k] = 1;
      queue.push(k);
    }
  };
  while (queue.length > 0) {
    const k = queue.pop()!;
    const i = Math.floor(k / width);
    const j = k % width;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    // a repeated token may match nothing
    if (ta?.repeat) visit(i + 1, j);
    if (tb?.repeat) visit(i, j + 1);
    // or both consume one common character
    if (ta && tb && overlaps(ta.set, tb.set)) visit(ta.repeat ? i : i + 1, tb.repeat ? j : j + 1);
  }
  return false;
}

export const globsMatch: HostBuiltin = (p1, p2) => globsIntersect(str(p1, 'regex.globs_match', 1), str(p2, 'regex.globs_match', 2));
