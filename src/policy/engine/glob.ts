// glob.match semantics (gobwas/glob, as OPA uses it): `*` matches any run of characters except
// the delimiters, `**` any run including them, `?` one non-delimiter character, `[a-z]`/`[!a-z]`
// character classes and `{a,b}` alternatives. Translated to an anchored RegExp and cached.

const cache = new Map<string, RegExp>();

export function globMatch(pattern: string, delimiters: string[], value: string): boolean {
  const key = `${delimiters.join('\u0000')}\u0001${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(`^${translate(pattern, delimiters)}$`, 'su');
    if (cache.size > 500) cache.clear();
    cache.set(key, re);
  }
  return re.test(value);
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function translate(pattern: string, delimiters: string[]): string {
  const notDelim = delimiters.length ? `[^${delimiters.map(escapeRe).join('')}]` : '.';
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      out += escapeRe(pattern[++i]);
    } else if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else {
        out += `${notDelim}*`;
      }
    } else if (c === '?') {
      out += notDelim;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error(`glob.match: unexpected end of input in pattern ${pattern}`);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeRe(c);
    }
  }
  if (depth !== 0) throw new Error(`glob.match: unbalanced braces in pattern ${pattern}`);
  return out;
}
