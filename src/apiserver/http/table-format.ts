// Building blocks of Table printing shared by the built-in printers and the CRD printer.

export interface ColumnDefinition { name: string; type: string; format: string; description: string; priority: number }
export interface TablePrinter {
  columns: ColumnDefinition[];
  cells(obj: Record<string, unknown>, now: Date): unknown[];
}

export const NAME_DESCRIPTION = 'Name must be unique within a namespace; see https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const CREATION_DESCRIPTION = 'CreationTimestamp is the server time when this object was created, in RFC3339 form and UTC.';

export function column(name: string, opts: Partial<ColumnDefinition> = {}): ColumnDefinition {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description: opts.description ?? '', priority: opts.priority ?? 0 };
}
export const NAME_COLUMN = column('Name', { format: 'name', description: NAME_DESCRIPTION });
export const AGE_COLUMN = column('Age', { description: CREATION_DESCRIPTION });

/** kubectl's duration printing (k8s.io/apimachinery/pkg/util/duration.HumanDuration). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Age of a timestamp as kubectl prints it ("12s", "5m", "3h", "2d"); "<unknown>" when unset. */
export function humanAge(from: string | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const t = Date.parse(from);
  if (Number.isNaN(t)) return '<invalid>';
  return humanDuration(now.getTime() - t);
}

