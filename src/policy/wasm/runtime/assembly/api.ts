// The value API for builtin authors: import everything from here (see ../README.md).
export * from "./value";
export { mkObject, mkObjectCap, mkSet, mkSetCap, tblLen, tblKeyAt, tblValAt, tblFind, objGet, tblInsert,
  tblRemove, tblSort, tblCopy, append as tblAppendUnique } from "./object";
export { compare, compareStr, equal, hash } from "./compare";
export { toF64, toI64, lastInt, numFromF64, numFromText, formatNum, formatF64, compareNum, parseF64 } from "./number";
export { parse as parseJSON, utf8Encode } from "./json";
export { dump as dumpValue, writeStrBytes } from "./json-write";
export { alloc, allocZero, failStr } from "./heap";
export { utf8Count, utf8Offset, utf8Width, utf8LastWidth, bytesIndexOf, bytesEq } from "./strings";
export { typeName, typeError, builtinError, builtinErrorWith, typeErrorWith, needString, needNumber, needArray, needObject } from "./errors";
export { StrBuf } from "./strbuf";
