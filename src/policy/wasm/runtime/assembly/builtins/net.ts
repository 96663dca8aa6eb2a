// net.cidr_contains (and its deprecated name net.cidr_overlap), net.cidr_intersects and
// net.cidr_is_valid for IPv4 and IPv6.
import { Value, T_STRING, mkBool, needString } from "../api";
import { hi, lo, v6, prefix, hasPrefix, parseNet, maskHi, maskLo, netContains, invalid } from "./net-core";

function containsImpl(name: string, a: Value, b: Value): Value {
  needString(name, 1, a);
  needString(name, 2, b);
  return mkBool(netContains(name, a, b));
}

export function builtin$net$cidr_contains(a: Value, b: Value): Value { return containsImpl("net.cidr_contains", a, b); }
export function builtin$net$cidr_overlap(a: Value, b: Value): Value { return containsImpl("net.cidr_overlap", a, b); }

export function builtin$net$cidr_intersects(a: Value, b: Value): Value {
  let name = "net.cidr_intersects";
  needString(name, 1, a);
  needString(name, 2, b);
  if (!parseNet(a) || !hasPrefix) invalid(name, 1, a);
  let ah = hi, al = lo, a6 = v6, ap = prefix;
  if (!parseNet(b) || !hasPrefix) invalid(name, 2, b);
  if (a6 != v6) return mkBool(false);
  let p = ap < prefix ? ap : prefix;
  return mkBool(maskHi(ah, p, a6) == maskHi(hi, p, v6) && maskLo(al, p, a6) == maskLo(lo, p, v6));
}

export function builtin$net$cidr_is_valid(s: Value): Value {
  if (load<u8>(s) != T_STRING) return mkBool(false);
  return mkBool(parseNet(s) && hasPrefix);
}
