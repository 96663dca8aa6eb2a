// Label selectors, in both forms kube uses: the query-string syntax (`a=b,c!=d,e in (x,y),!f,g`) and the
// metav1.LabelSelector object (matchLabels + matchExpressions), compiled to one list of requirements.

export interface LabelSelector {
  matchLabels?: Record<string, string | undefined>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type Labels = Record<string, string | undefined> | undefined;

/** Parses the string form; throws naming the selector and the bad term. */
export function parseLabelSelector(selector: string): Requirement[] {
  const out: Requirement[] = [];
  for (const term of splitTerms(selector)) {
    const t = term.trim();
    if (!t) continue;
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^!\s*([^\s=!(),]+)$/))) out.push({ key: m[1], operator: 'DoesNotExist', values: [] });
    else if ((m = t.match(/^([^\s=!(),]+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      const values = m[3].split(',').map((v) => v.trim()).filter(Boolean);
      out.push({ key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = t.match(/^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/))) {
      out.push({ key: m[1], operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]] });
    } else if ((m = t.match(/^([^\s=!(),]+)$/))) out.push({ key: m[1], operator: 'Exists', values: [] });
    else throw new Error(`label selector "${selector}": cannot parse "${t}"`);
  }
  return out;
}

/** Compiles a metav1.LabelSelector; an empty selector matches everything. */
export function labelSelectorRequirements(selector: LabelSelector): Requirement[] {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (value !== undefined) out.push({ key, operator: 'In', values: [value] });
  }
  for (const [i, e] of (selector.matchExpressions ?? []).entries()) {
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) {
      throw new Error(`labelSelector.matchExpressions[${i}].operator: "${e.operator}" is not one of In, NotIn, Exists, DoesNotExist`);
    }
    const values = e.values ?? [];
    if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      throw new Error(`labelSelector.matchExpressions[${i}].values: must be non-empty for operator ${e.operator}`);
    }
    out.push({ key: e.key, operator: e.operator as Operator, values });
  }
  return out;
}

export function matchesRequirements(requirements: Requirement[], labels: Labels): boolean {
  for (const r of requirements) {
    const v = labels?.[r.key];
    switch (r.operator) {
      case 'In':
        if (v === undefined || !r.values.includes(v)) return false;
        break;
      case 'NotIn':
        if (v !== undefined && r.values.includes(v)) return false;
        break;
      case 'Exists':
        if (v === undefined) return false;
        break;
      case 'DoesNotExist':
        if (v !== undefined) return false;
        break;
    }
  }
  return true;
}

/** A predicate for either selector form. */
export function labelMatcher(selector: string | LabelSelector): (labels: Labels) => boolean {
  const reqs = typeof selector === 'string' ? parseLabelSelector(selector) : labelSelectorRequirements(selector);
  return (labels) => matchesRequirements(reqs, labels);
}

/** The string form of a metav1.LabelSelector, for list and watch queries. */
export function formatLabelSelector(selector: LabelSelector): string {
  return labelSelectorRequirements(selector)
    .map((r) => {
      if (r.operator === 'Exists') return r.key;
      if (r.operator === 'DoesNotExist') return `!${r.key}`;
      if (r.operator === 'In' && r.values.length === 1) return `${r.key}=${r.values[0]}`;
      return `${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${r.values.join(',')})`;
    })
    .join(',');
}

/** Splits on commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(cur);
      cur = '';
    } else cur += ch;
  }
  terms.push(cur);
  return terms;
}
