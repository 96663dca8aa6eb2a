// Values -> JSON (or Rego literal) text, for results, builtins and the SDK's dump calls.
import { alloc } from "./heap";
import { Value, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET,
  arrLen, arrAt, strLen, strPtr, boolOf, numKind, N_REF, numRefLen } from "./value";
import { tblLen, tblKeyAt, tblValAt, tblSort } from "./object";
import { formatNum } from "./number";

let wBuf: usize = 0;
let wLen: usize = 0;
let wCap: usize = 0;

function reserve(n: usize): void {
  if (wLen + n <= wCap) return;
  let ncap = (wCap << 1) + n + 256;
  let nb = alloc(ncap);
  memory.copy(nb, wBuf, wLen);
  wBuf = nb;
  wCap = ncap;
}

// @ts-ignore: decorator
@inline function put(b: u32): void { reserve(1); store<u8>(wBuf + wLen++, <u8>b); }

function putLit(s: string): void {
  let n = <usize>s.length;
  reserve(n);
  for (let i: usize = 0; i < n; i++) store<u8>(wBuf + wLen + i, <u8>s.charCodeAt(<i32>i));
  wLen += n;
}

const HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

export function writeStrBytes(p: usize, n: usize): void {
  reserve(n + 2);
  store<u8>(wBuf + wLen++, 34);
  let runStart = p;
  let e = p + n;
  while (p < e) {
    let c = <u32>load<u8>(p);
    if (c >= 0x20 && c != 34 && c != 92) { p++; continue; }
    // flush the run of plain bytes
    let run = p - runStart;
    reserve(run + 6);
    memory.copy(wBuf + wLen, runStart, run);
    wLen += run;
    if (c == 34 || c == 92) { put(92); put(c); }
    else if (c == 10) { put(92); put(110); }
    else if (c == 13) { put(92); put(114); }
    else if (c == 9) { put(92); put(116); }
    else { putLit("\\u00"); put(<u32>load<u8>(HEX + (c >> 4))); put(<u32>load<u8>(HEX + (c & 15))); }
    p++;
    runStart = p;
  }
  let run = p - runStart;
  reserve(run + 1);
  memory.copy(wBuf + wLen, runStart, run);
  wLen += run;
  store<u8>(wBuf + wLen++, 34);
}

function writeNum(v: Value): void {
  let need: usize = numKind(v) == N_REF ? numRefLen(v) + 1 : 40;
  reserve(need);
  wLen += formatNum(wBuf + wLen, v);
}

function write(v: Value, rego: bool): void {
  if (v == 0) { putLit("null"); return; } // never stored by correct code; keeps output valid JSON
  switch (load<u8>(v)) {
    case T_NULL: putLit("null"); break;
    case T_BOOLEAN: if (boolOf(v)) putLit("true"); else putLit("false"); break;
    case T_NUMBER: writeNum(v); break;
    case T_STRING: writeStrBytes(strPtr(v), strLen(v)); break;
    case T_ARRAY: {
      put(91);
      let n = arrLen(v);
      for (let i: usize = 0; i < n; i++) { if (i) put(44); write(arrAt(v, i), rego); }
      put(93);
      break;
    }
    case T_OBJECT: {
      tblSort(v);
      put(123);
      let n = tblLen(v);
      for (let i: usize = 0; i < n; i++) {
        if (i) put(44);
        let k = tblKeyAt(v, i);
        if (rego || load<u8>(k) == T_STRING) write(k, rego);
        else writeKeyAsString(k);
        put(58);
        write(tblValAt(v, i), rego);
      }
      put(125);
      break;
    }
    case T_SET: {
      tblSort(v);
      let n = tblLen(v);
      if (rego && n == 0) { putLit("set()"); break; }
      put(rego ? 123 : 91);
      for (let i: usize = 0; i < n; i++) { if (i) put(44); write(tblKeyAt(v, i), rego); }
      put(rego ? 125 : 93);
      break;
    }
  }
}

function writeKeyAsString(k: Value): void {
  // non-string keys become the string of their JSON text
  let saveBuf = wBuf, saveLen = wLen, saveCap = wCap;
  wBuf = 0; wLen = 0; wCap = 0;
  write(k, false);
  let kb = wBuf, kl = wLen;
  wBuf = saveBuf; wLen = saveLen; wCap = saveCap;
  writeStrBytes(kb, kl);
}

/** Dumps v as NUL-terminated text on the heap; returns its address. */
export function dump(v: Value, rego: bool): usize {
  wBuf = alloc(256); wLen = 0; wCap = 256;
  if (v == 0) putLit("null"); else write(v, rego);
  put(0);
  let r = wBuf;
  wBuf = 0; wLen = 0; wCap = 0;
  return r;
}

/** Dumps v into the writer and returns {ptr,len} through the out globals (for builtins). */
let outLen: usize = 0;
export function dumpToBuf(v: Value, rego: bool): usize {
  let r = dump(v, rego);
  outLen = wLenOf(r);
  return r;
}
function wLenOf(p: usize): usize { let n: usize = 0; while (load<u8>(p + n) != 0) n++; return n; }
export function dumpLen(): usize { return outLen; }
