import { Value, mkBool } from "../value";
import { compare, equal } from "../compare";

export function builtin$equal(a: Value, b: Value): Value { return mkBool(equal(a, b)); }
export function builtin$neq(a: Value, b: Value): Value { return mkBool(!equal(a, b)); }
export function builtin$lt(a: Value, b: Value): Value { return mkBool(compare(a, b) < 0); }
export function builtin$lte(a: Value, b: Value): Value { return mkBool(compare(a, b) <= 0); }
export function builtin$gt(a: Value, b: Value): Value { return mkBool(compare(a, b) > 0); }
export function builtin$gte(a: Value, b: Value): Value { return mkBool(compare(a, b) >= 0); }
