// yaml.unmarshal, yaml.is_valid and yaml.marshal with OPA's semantics (sigs.k8s.io/yaml over go-yaml
// v2): YAML 1.1 scalars, first document only, JSON-compatible results.
import { Value, T_STRING, mkBool, needString, strPtr, strLen, builtinErrorWith } from "../api";
import { parseYaml } from "./yaml-parse";
import { errorText } from "./yaml-scan";
import { emitYaml } from "./yaml-emit";

export function builtin$yaml$unmarshal(s: Value): Value {
  needString("yaml.unmarshal", 1, s);
  let v = parseYaml(strPtr(s), strLen(s));
  if (v == 0) builtinErrorWith("yaml.unmarshal", "", errorText());
  return v;
}

export function builtin$yaml$is_valid(s: Value): Value {
  if (load<u8>(s) != T_STRING) return mkBool(false);
  return mkBool(parseYaml(strPtr(s), strLen(s)) != 0);
}

export function builtin$yaml$marshal(v: Value): Value {
  return emitYaml(v);
}
