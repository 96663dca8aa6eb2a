// http.send checks its request as OPA does (unknown and missing parameters are type errors) and
// then refuses: evaluations are pure and synchronous, with no network access.
import { HostBuiltinError, HostTypeError, typeName, type HostBuiltin } from './builtin-args.ts';

const REQUIRED = ['method', 'url'];
const ALLOWED = new Set([
  ...REQUIRED, 'body', 'raw_body', 'headers', 'enable_redirect', 'force_json_decode', 'force_yaml_decode', 'timeout',
  'tls_use_system_certs', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_insecure_skip_verify', 'tls_server_name', 'cache', 'force_cache',
  'force_cache_duration_seconds', 'raise_error', 'caching_mode', 'max_retry_attempts', 'cache_ignored_headers',
]);

/** Keys as OPA prints a set of strings: {"a", "b"}. */
const keySet = (keys: string[]): string => `{${keys.sort().map((k) => JSON.stringify(k)).join(', ')}}`;

export const httpSend: HostBuiltin = (req) => {
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    throw new HostTypeError(`http.send: operand 1 must be object but got ${typeName(req)}`);
  }
  const keys = Object.keys(req);
  const invalid = keys.filter((k) => !ALLOWED.has(k));
  if (invalid.length > 0) throw new HostTypeError(`http.send: invalid request parameters(s): ${keySet(invalid)}`);
  const missing = REQUIRED.filter((k) => !keys.includes(k));
  if (missing.length > 0) throw new HostTypeError(`http.send: missing required request parameters(s): ${keySet(missing)}`);
  throw new HostBuiltinError('http.send: network access is not available to policies evaluated by ocm');
};
