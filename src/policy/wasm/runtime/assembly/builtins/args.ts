// Operand helpers shared by the builtins in this folder (not re-exported from index.ts, so they
// stay internal to the runtime module).
import { Value, needNumber, toI64, lastInt } from "../api";
import { intTypeError } from "./fail";

/** An integer operand (OPA's IntOperand): aborts on non-numbers and fractions. */
export function intArg(name: string, operand: i32, v: Value): i64 {
  needNumber(name, operand, v);
  if (!toI64(v)) intTypeError(name, operand);
  return lastInt();
}
