// http.send reports bad requests as OPA does, then refuses to reach the network.
import { describe, expect, it } from 'vitest';
import { error } from './rego-eval.ts';

describe('http.send', () => {
  it('names unknown and missing request parameters', async () => {
    expect(await error('http.send({"method": "get", "url": "http://x", "bad_key": 1, "also_bad": 2})')).toContain('invalid request parameters(s): {"also_bad", "bad_key"}');
    expect(await error('http.send({"method": "get"})')).toContain('missing required request parameters(s): {"url"}');
    expect(await error('http.send("http://x")')).toContain('http.send: operand 1 must be object but got string');
  });

  it('does not send a valid request', async () => {
    expect(await error('http.send({"method": "get", "url": "http://127.0.0.1:1"})')).toContain('network access is not available');
  });
});
