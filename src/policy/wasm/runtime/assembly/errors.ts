// Errors raised by builtins. The message prefix is OPA's error code, so the engine can map an
// abort to a typed error: "eval_type_error: <builtin>: operand N must be <type> but got <type>".
// Unless strict builtin errors are on (opa_strict_builtin_errors_set), generated code catches
// these aborts and treats the builtin call as undefined, as OPA does by default.
import { msgBegin, msgStr, msgBytes, msgInt, msgAbort, markBuiltinError } from "./heap";
import { Value, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, strLen, strPtr } from "./value";

export function typeName(v: Value): string {
  switch (load<u8>(v)) {
    case T_NULL: return "null";
    case T_BOOLEAN: return "boolean";
    case T_NUMBER: return "number";
    case T_STRING: return "string";
    case T_ARRAY: return "array";
    case T_OBJECT: return "object";
    case T_SET: return "set";
  }
  return "undefined";
}

/** Aborts: "eval_type_error: <name>: operand <n> must be <want> but got <typeName(got)>". */
export function typeError(name: string, operand: i32, want: string, got: Value): void {
  msgBegin();
  msgStr("eval_type_error: "); msgStr(name); msgStr(": operand "); msgInt(operand);
  msgStr(" must be "); msgStr(want); msgStr(" but got "); msgStr(typeName(got));
  markBuiltinError();
  msgAbort();
}

/** Aborts: "eval_builtin_error: <name>: <msg>". */
export function builtinError(name: string, msg: string): void {
  msgBegin();
  msgStr("eval_builtin_error: "); msgStr(name); msgStr(": "); msgStr(msg);
  markBuiltinError();
  msgAbort();
}

/** Aborts: "eval_builtin_error: <name>: <msg><string value's text>". */
export function builtinErrorWith(name: string, msg: string, s: Value): void {
  msgBegin();
  msgStr("eval_builtin_error: "); msgStr(name); msgStr(": "); msgStr(msg);
  if (s != 0 && load<u8>(s) == T_STRING) msgBytes(strPtr(s), strLen(s));
  markBuiltinError();
  msgAbort();
}

/** Aborts: "eval_type_error: <name>: <msg><string value's text>". */
export function typeErrorWith(name: string, msg: string, s: Value): void {
  msgBegin();
  msgStr("eval_type_error: "); msgStr(name); msgStr(": "); msgStr(msg);
  if (s != 0 && load<u8>(s) == T_STRING) msgBytes(strPtr(s), strLen(s));
  markBuiltinError();
  msgAbort();
}

// Argument checks that abort with a type error when the type is wrong.
export function needString(name: string, operand: i32, v: Value): void {
  if (load<u8>(v) != T_STRING) typeError(name, operand, "string", v);
}
export function needNumber(name: string, operand: i32, v: Value): void {
  if (load<u8>(v) != T_NUMBER) typeError(name, operand, "number", v);
}
export function needArray(name: string, operand: i32, v: Value): void {
  if (load<u8>(v) != T_ARRAY) typeError(name, operand, "array", v);
}
export function needObject(name: string, operand: i32, v: Value): void {
  if (load<u8>(v) != T_OBJECT) typeError(name, operand, "object", v);
}
