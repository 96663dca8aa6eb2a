// Exact integers across the host boundary. The SDK hands a host builtin its arguments through
// JSON.parse, which rounds integers beyond 2^53, yet nanosecond timestamps (~1.7e18) need every
// digit. While an evaluation runs, JSON.parse keeps the last texts it parsed; the builtin wrapper
// takes the texts of its own arguments (the SDK parses them just before the call), and a builtin
// re-reads an argument from its text with big integers kept. Results go back exact as raw JSON.

type Parse = typeof JSON.parse;
type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

const originalParse: Parse = JSON.parse;
const recent: string[] = [];
let depth = 0;
let current: readonly string[] | undefined;

const recordingParse = function (text: string, reviver?: Reviver): unknown {
  if (typeof text === 'string') {
    recent.push(text);
    if (recent.length > 8) recent.shift();
  }
  return originalParse(text, reviver as Parameters<Parse>[1]);
} as Parse;

/** Runs one evaluation with argument texts recorded. */
export function withArgTexts<T>(run: () => T): T {
  if (depth++ === 0) JSON.parse = recordingParse;
  try {
    return run();
  } finally {
    if (--depth === 0) {
      JSON.parse = originalParse;
      recent.length = 0;
    }
  }
}

/** Runs a host builtin with the texts of its n arguments available to exactArg. */
export function withCallArgs<T>(n: number, run: () => T): T {
  const saved = current;
  current = depth > 0 && n > 0 && recent.length >= n ? recent.slice(recent.length - n) : undefined;
  recent.length = 0;
  try {
    return run();
  } finally {
    current = saved;
  }
}

const bigReviver: Reviver = (_key, value, context) =>
  typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value;

const sameShape = (exact: unknown, given: unknown): boolean => {
  if (typeof exact === 'bigint') return typeof given === 'number' && Number(exact) === given;
  if (Array.isArray(exact)) return Array.isArray(given) && exact.length === given.length && exact.every((x, i) => sameShape(x, given[i]));
  return typeof exact !== 'object' || exact === null ? exact === given : true;
};

/**
 * Operand pos (from 1) of the running builtin with integers beyond 2^53 as bigint. Falls back to
 * the given value when no text was recorded (a direct call) or the text does not match it.
 */
export function exactArg(pos: number, given: unknown): unknown {
  const text = current?.[pos - 1];
  if (text === undefined) return given;
  const exact = originalParse(text, bigReviver as Parameters<Parse>[1]) as unknown;
  return sameShape(exact, given) ? exact : given;
}

const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** An integer result the SDK passes on with every digit. */
export const exactInt = (n: bigint): unknown => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : rawJSON(n.toString()));
