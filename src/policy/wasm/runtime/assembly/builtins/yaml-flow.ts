// Flow collections of the YAML parser: [a, b], {k: v}, single-pair mappings inside sequences
// ([a: 1]), JSON-style "key":value, nested over several lines with comments.
import { Value, mkNull, mkArray, arrPush, mkObject } from "../api";
import { pos, end, setPos, ch, blankz, skipToContent, fail, failed, readProperties, propName, propTag, quoted, scanPlain,
  plainMerge, TAG_NONE, enterFlow } from "./yaml-scan";
import { alias, anchor, scalar, insertKey, merge } from "./yaml-parse";

let depth: i32 = 0;

function isEnd(c: u32): bool { return c == 44 || c == 93 || c == 125; }

/** A node in flow context; `tag` was read before it (block context), or TAG_NONE. */
export function flowNode(tag: i32): Value {
  if (++depth > 1000) return fail("exceeded max depth");
  let v = flowNode0(tag);
  depth--;
  return v;
}

let lastMerge = false;

function flowNode0(tag: i32): Value {
  skipToContent(true);
  lastMerge = false;
  if (!readProperties(tag, true)) return 0;
  let name = propName;
  tag = propTag;
  let b = ch();
  if (pos >= end) return fail("did not find expected node content");
  if (isEnd(b) || (b == 58 && blankz(pos + 1))) {
    if (name == 0 && tag == TAG_NONE) return fail("did not find expected node content");
    return anchor(name, mkNull());
  }
  if (b == 91 || b == 123) {
    enterFlow(1);
    let v = b == 91 ? flowSeq() : flowMap();
    enterFlow(-1);
    return anchor(name, v);
  }
  if (b == 42) return alias();
  if (b == 34 || b == 39) {
    let s = quoted(b == 34);
    if (failed) return 0;
    return anchor(name, scalar(s, false, tag));
  }
  if (b == 35 || b == 64 || b == 96 || b == 37 || b == 124 || b == 62 || b == 63 ||
    (b == 45 && blankz(pos + 1))) return fail("found character that cannot start any token");
  let s = scanPlain(-1, 2);
  if (failed) return 0;
  lastMerge = tag == TAG_NONE && plainMerge;
  return anchor(name, scalar(s, true, tag));
}

/** After a key: ':' starts its value (in flow context any ':' does, as after a JSON key). */
function valueAfterKey(closer: u32): Value {
  setPos(pos + 1);
  skipToContent(true);
  let c = ch();
  if (c == 44 || c == closer) return mkNull();
  return flowNode(TAG_NONE);
}

function put(obj: Value, k: Value, isMerge: bool, v: Value): void {
  if (isMerge) merge(obj, v); else insertKey(obj, k, v);
}

function flowSeq(): Value {
  setPos(pos + 1);
  let arr = mkArray(4);
  while (true) {
    skipToContent(true);
    if (pos >= end) return fail("did not find expected ',' or ']'");
    if (ch() == 93) { setPos(pos + 1); break; }
    let v = flowNode(TAG_NONE);
    if (failed) return 0;
    skipToContent(true);
    if (ch() == 58) {
      let isMerge = lastMerge;
      let m = mkObject();
      let x = valueAfterKey(93);
      if (failed) return 0;
      put(m, v, isMerge, x);
      if (failed) return 0;
      v = m;
      skipToContent(true);
    }
    arrPush(arr, v);
    let c = ch();
    if (c == 44) { setPos(pos + 1); continue; }
    if (c == 93) { setPos(pos + 1); break; }
    return fail("did not find expected ',' or ']'");
  }
  return arr;
}

function flowMap(): Value {
  setPos(pos + 1);
  let obj = mkObject();
  while (true) {
    skipToContent(true);
    if (pos >= end) return fail("did not find expected ',' or '}'");
    if (ch() == 125) { setPos(pos + 1); break; }
    if (ch() == 63 && blankz(pos + 1)) setPos(pos + 1);
    let k = flowNode(TAG_NONE);
    if (failed) return 0;
    let isMerge = lastMerge;
    skipToContent(true);
    let v: Value;
    if (ch() == 58) v = valueAfterKey(125);
    else v = mkNull();
    if (failed) return 0;
    put(obj, k, isMerge, v);
    if (failed) return 0;
    skipToContent(true);
    let c = ch();
    if (c == 44) { setPos(pos + 1); continue; }
    if (c == 125) { setPos(pos + 1); break; }
    return fail("did not find expected ',' or '}'");
  }
  return obj;
}
