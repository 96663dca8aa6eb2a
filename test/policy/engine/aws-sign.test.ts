import { describe, expect, it } from 'vitest';
import { error, rule } from './rego-eval.ts';

const config = '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}';
const when = '1451311705000000000'; // 2015-12-28T14:08:25Z

describe('providers.aws.sign_req', () => {
  it('adds SigV4 headers, deterministic for the given time', async () => {
    const signed = await rule(`r := providers.aws.sign_req({"method": "get", "url": "http://example.com", "headers": {"foo": "bar"}}, ${config}, ${when})`);
    expect(signed).toEqual({
      method: 'get',
      url: 'http://example.com',
      headers: {
        foo: 'bar',
        host: 'example.com',
        'x-amz-date': '20151228T140825Z',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        Authorization:
          'AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=8f1dc7c9b9978356a0d0989fd26a95307f4f8a4aa264d8220647b7097d839952',
      },
    });
  });

  it('returns the request body as given, sets included', async () => {
    const same = await rule(`req := {"method": "get", "url": "http://example.com", "body": {"example": {1, 2, 3, 4}}}
r := providers.aws.sign_req(req, ${config}, ${when}).body == req.body`);
    expect(same).toBe(true);
  });

  it('hashes raw_body, or leaves the payload unsigned when told', async () => {
    const raw = await rule(`r := providers.aws.sign_req({"method": "get", "url": "http://example.com", "raw_body": "{\\"example\\": {1, 2, 3, 4}}"}, ${config}, ${when}).headers`);
    expect(raw).toMatchObject({ 'x-amz-content-sha256': '22906461e2a98a3e780d0fd260e341bed5e544661e97c5936fc7f3af11aaad8b' });
    expect((raw as { Authorization: string }).Authorization).toMatch(/Signature=5bf26e169cb8b02330dba39d53932532438fc856c2f10537689a09ed807c7195$/);
    const unsigned = await rule(
      `r := providers.aws.sign_req({"method": "get", "url": "https://example.com", "headers": {"foo": "bar"}}, object.union(${config}, {"disable_payload_signing": true}), ${when}).headers`,
    );
    expect(unsigned).toMatchObject({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    expect((unsigned as { Authorization: string }).Authorization).toMatch(/Signature=c6e6db654e92172f71e18c714c123711de069ac6fd7df1348e5b28fd05532028$/);
  });

  it("checks its operands with OPA's messages", async () => {
    expect(await error(`providers.aws.sign_req({}, ${config}, ${when})`)).toBe(
      'eval_type_error: providers.aws.sign_req: operand 1 missing required request parameters(s): {"method", "url"}',
    );
    expect(await error(`providers.aws.sign_req({"method": "get", "url": "http://x"}, {"aws_service": 1}, ${when})`)).toBe(
      'eval_type_error: providers.aws.sign_req: operand 2 missing required AWS config parameters(s): {"aws_access_key", "aws_region", "aws_secret_access_key"}',
    );
    expect(await error(`providers.aws.sign_req({"method": "get", "url": "http://x"}, object.union(${config}, {"disable_payload_signing": "no"}), ${when})`)).toContain(
      "operand 2 invalid value for 'disable_payload_signing' in AWS config",
    );
    expect(await error(`providers.aws.sign_req({"method": "get", "url": "http://x"}, ${config}, -1)`)).toContain(
      'operand 3 could not convert time_ns value into a unix timestamp',
    );
  });
});
