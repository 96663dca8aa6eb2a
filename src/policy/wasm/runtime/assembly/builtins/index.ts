// All native builtins. Each module exports functions named builtin$<name> (see ../index.ts).
export * from "./compare";
export * from "./arith";
export * from "./types";
export * from "./strings";
export * from "./collections";
export * from "./sprintf";
