// All native builtins. Each module exports functions named builtin$<name> (see ../index.ts).
export * from "./compare";
export * from "./arith";
export * from "./types";
export * from "./strings";
export * from "./collections";
export * from "./sprintf";
export * from "./strings2";
export * from "./sets";
export * from "./aggregates";
export * from "./arrays";
export * from "./objects";
export * from "./jsonpaths";
export * from "./numbers";
export * from "./setops";
export * from "./strings-ext";
export * from "./regex";
