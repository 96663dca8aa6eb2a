// Encodings: json.marshal/unmarshal/is_valid, base64 (std and url), hex.
import { Value, T_STRING, mkBool, mkStr, strLen, strPtr, needString, parseJSON, dumpValue, StrBuf, alloc,
  builtinError } from "../api";
import { failBegin, part, partInt, partBytes, failNow } from "./fail";

// ---- JSON ---------------------------------------------------------------------------------------

/** Go's json.Marshal text: compact, sorted keys, with <, > and & escaped as \u003c etc. */
export function builtin$json$marshal(v: Value): Value {
  let p = dumpValue(v, false);
  let n: usize = 0;
  while (load<u8>(p + n) != 0) n++;
  StrBuf.begin(n + 16);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 60) StrBuf.lit("\\u003c");
    else if (c == 62) StrBuf.lit("\\u003e");
    else if (c == 38) StrBuf.lit("\\u0026");
    else if (c == 0xe2 && i + 2 < n && load<u8>(p + i + 1) == 0x80 && (load<u8>(p + i + 2) == 0xa8 || load<u8>(p + i + 2) == 0xa9)) {
      StrBuf.lit(load<u8>(p + i + 2) == 0xa8 ? "\\u2028" : "\\u2029"); i += 2;
    } else StrBuf.byte(c);
  }
  return StrBuf.finish();
}

export function builtin$json$unmarshal(s: Value): Value {
  needString("json.unmarshal", 1, s);
  let v = parseJSON(strPtr(s), strLen(s), false);
  if (v == 0) builtinError("json.unmarshal", "invalid JSON");
  return v;
}

export function builtin$json$is_valid(s: Value): Value {
  if (load<u8>(s) != T_STRING) return mkBool(false);
  return mkBool(parseJSON(strPtr(s), strLen(s), false) != 0);
}

// ---- base64 -------------------------------------------------------------------------------------

const STD: usize = memory.data<u8>([65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,
  97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,
  48,49,50,51,52,53,54,55,56,57,43,47]);

function alphabet(c: u32, url: bool): u32 {
  if (c < 0x80) {
    if (c == 43) return url ? 255 : 62;
    if (c == 47) return url ? 255 : 63;
    if (c == 45) return url ? 62 : 255;
    if (c == 95) return url ? 63 : 255;
    if (c - 65 < 26) return c - 65;
    if (c - 97 < 26) return c - 71;
    if (c - 48 < 10) return c + 4;
  }
  return 255;
}

function encode(s: Value, url: bool, pad: bool): Value {
  let p = strPtr(s), n = strLen(s);
  StrBuf.begin((n + 2) / 3 * 4);
  let i: usize = 0;
  while (i < n) {
    let b0 = <u32>load<u8>(p + i), b1: u32 = i + 1 < n ? <u32>load<u8>(p + i + 1) : 0, b2: u32 = i + 2 < n ? <u32>load<u8>(p + i + 2) : 0;
    let w = (b0 << 16) | (b1 << 8) | b2;
    let k: usize = n - i >= 3 ? 4 : n - i + 1;
    for (let j: usize = 0; j < 4; j++) {
      if (j < k) {
        let c = <u32>load<u8>(STD + ((w >> (18 - 6 * <u32>j)) & 63));
        if (url) { if (c == 43) c = 45; else if (c == 47) c = 95; }
        StrBuf.byte(c);
      } else if (pad) StrBuf.byte(61);
    }
    i += 3;
  }
  return StrBuf.finish();
}

let badAt: isize = -1;

/** Go's strict padded decoding (\r and \n skipped); 0 with badAt set on error. */
function decode(p: usize, n: usize, url: bool): Value {
  let out = alloc(n / 4 * 3 + 3);
  let o: usize = 0, i: usize = 0;
  badAt = -1;
  while (i < n) {
    let vals: u32 = 0, got: u32 = 0;
    let padded = false;
    while (got < 4) {
      if (i >= n) {
        if (got == 0) break;
        badAt = <isize>(n - <usize>got); return 0; // missing padding
      }
      let c = <u32>load<u8>(p + i);
      if (c == 10 || c == 13) { i++; continue; }
      if (c == 61) { // '=' must pad the quantum's last 1 or 2 places
        if (got < 2) { badAt = <isize>i; return 0; }
        let need: u32 = 4 - got;
        let at = i;
        let seen: u32 = 0;
        while (seen < need) {
          if (i >= n) { badAt = <isize>n; return 0; }
          let c2 = <u32>load<u8>(p + i);
          if (c2 == 10 || c2 == 13) { i++; continue; }
          if (c2 != 61) { badAt = <isize>i; return 0; }
          seen++; i++;
        }
        while (i < n && (load<u8>(p + i) == 10 || load<u8>(p + i) == 13)) i++;
        if (i < n) { badAt = <isize>(at); return 0; }
        padded = true;
        break;
      }
      let v = alphabet(c, url);
      if (v == 255) { badAt = <isize>i; return 0; }
      vals = (vals << 6) | v; got++; i++;
    }
    if (got == 0) break;
    if (padded) {
      vals <<= 6 * (4 - got);
      store<u8>(out + o++, <u8>(vals >> 16));
      if (got == 3) store<u8>(out + o++, <u8>(vals >> 8));
      break;
    }
    store<u8>(out + o, <u8>(vals >> 16)); store<u8>(out + o + 1, <u8>(vals >> 8)); store<u8>(out + o + 2, <u8>vals);
    o += 3;
  }
  return mkStr(out, o);
}

function decodeOrFail(name: string, p: usize, n: usize, url: bool): Value {
  let r = decode(p, n, url);
  if (r == 0) { failBegin(name); part("illegal base64 data at input byte "); partInt(<i64>badAt); failNow(); }
  return r;
}

export function builtin$base64$encode(s: Value): Value { needString("base64.encode", 1, s); return encode(s, false, true); }
export function builtin$base64url$encode(s: Value): Value { needString("base64url.encode", 1, s); return encode(s, true, true); }
export function builtin$base64url$encode_no_pad(s: Value): Value {
  needString("base64url.encode_no_pad", 1, s);
  return encode(s, true, false);
}

export function builtin$base64$decode(s: Value): Value {
  needString("base64.decode", 1, s);
  return decodeOrFail("base64.decode", strPtr(s), strLen(s), false);
}

export function builtin$base64$is_valid(s: Value): Value {
  if (load<u8>(s) != T_STRING) return mkBool(false);
  return mkBool(decode(strPtr(s), strLen(s), false) != 0);
}

export function builtin$base64url$decode(s: Value): Value {
  needString("base64url.decode", 1, s);
  let p = strPtr(s), n = strLen(s);
  // unpadded input is padded first (RFC 7515 appendix C), as OPA does
  if (n == 0 || load<u8>(p + n - 1) != 61) {
    let r = n % 4;
    if (r == 1) { failBegin("base64url.decode"); part("illegal base64url string: "); partBytes(p, n); failNow(); }
    if (r != 0) {
      let q = alloc(n + 2);
      memory.copy(q, p, n);
      store<u8>(q + n, 61); store<u8>(q + n + 1, 61);
      p = q; n += 4 - r;
    }
  }
  return decodeOrFail("base64url.decode", p, n, true);
}

// ---- hex ----------------------------------------------------------------------------------------

export function builtin$hex$encode(s: Value): Value {
  needString("hex.encode", 1, s);
  let p = strPtr(s), n = strLen(s);
  let q = alloc(n * 2);
  for (let i: usize = 0; i < n; i++) {
    let b = <u32>load<u8>(p + i);
    let hi = b >> 4, lo = b & 15;
    store<u8>(q + 2 * i, <u8>(hi < 10 ? 48 + hi : 87 + hi));
    store<u8>(q + 2 * i + 1, <u8>(lo < 10 ? 48 + lo : 87 + lo));
  }
  return mkStr(q, n * 2);
}

function hexDigit(c: u32): i32 {
  if (c - 48 <= 9) return <i32>(c - 48);
  if ((c | 32) - 97 < 6) return <i32>((c | 32) - 87);
  return -1;
}

export function builtin$hex$decode(s: Value): Value {
  needString("hex.decode", 1, s);
  let p = strPtr(s), n = strLen(s);
  let q = alloc(n / 2 + 1);
  let i: usize = 0;
  for (; i + 1 < n; i += 2) {
    let a = hexDigit(<u32>load<u8>(p + i)), b = hexDigit(<u32>load<u8>(p + i + 1));
    let bad = a < 0 ? i : (b < 0 ? i + 1 : n);
    if (bad < n) {
      let c = <u32>load<u8>(p + bad);
      failBegin("hex.decode"); part("encoding/hex: invalid byte: U+00");
      let hx = alloc(2);
      store<u8>(hx, <u8>((c >> 4) < 10 ? 48 + (c >> 4) : 55 + (c >> 4)));
      store<u8>(hx + 1, <u8>((c & 15) < 10 ? 48 + (c & 15) : 55 + (c & 15)));
      partBytes(hx, 2); part(" '"); partBytes(p + bad, 1); part("'");
      failNow();
    }
    store<u8>(q + i / 2, <u8>((a << 4) | b));
  }
  if (n % 2 == 1) {
    if (hexDigit(<u32>load<u8>(p + n - 1)) < 0) {
      failBegin("hex.decode"); part("encoding/hex: invalid byte"); failNow();
    }
    failBegin("hex.decode"); part("encoding/hex: odd length hex string"); failNow();
  }
  return mkStr(q, n / 2);
}
