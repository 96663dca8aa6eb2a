// Error messages with free-form text for the builtins in this folder (OPA's wording, which the
// generic helpers in ../errors.ts cannot express). All abort; none returns.
import { msgBegin, msgStr, msgBytes, msgInt, msgAbort, markBuiltinError } from "../heap";
import { Value, T_STRING, strLen, strPtr, typeName } from "../api";

/** "eval_type_error: <name>: operand <n> must be <comp> of <elem>s but got <comp> containing <type>". */
export function elemTypeError(name: string, operand: i32, comp: Value, elem: string, got: Value): void {
  msgBegin();
  msgStr("eval_type_error: "); msgStr(name); msgStr(": operand "); msgInt(operand);
  msgStr(" must be "); msgStr(typeName(comp)); msgStr(" of "); msgStr(elem); msgStr("s but got ");
  msgStr(typeName(comp)); msgStr(" containing "); msgStr(typeName(got));
  markBuiltinError();
  msgAbort();
}

/** "eval_type_error: <name>: operand <n> must be integer number but got floating-point number". */
export function intTypeError(name: string, operand: i32): void {
  msgBegin();
  msgStr("eval_type_error: "); msgStr(name); msgStr(": operand "); msgInt(operand);
  msgStr(" must be integer number but got floating-point number");
  markBuiltinError();
  msgAbort();
}

/** Starts a builtin error message "eval_builtin_error: <name>: "; continue with part*(), end with failNow(). */
export function failBegin(name: string): void {
  msgBegin();
  msgStr("eval_builtin_error: "); msgStr(name); msgStr(": ");
}
export function failTypeBegin(name: string): void {
  msgBegin();
  msgStr("eval_type_error: "); msgStr(name); msgStr(": ");
}
export function part(s: string): void { msgStr(s); }
export function partBytes(p: usize, n: usize): void { msgBytes(p, n); }
export function partStr(v: Value): void { if (load<u8>(v) == T_STRING) msgBytes(strPtr(v), strLen(v)); }
export function partInt(i: i64): void { msgInt(i); }
export function failNow(): void {
  markBuiltinError();
  msgAbort();
}
