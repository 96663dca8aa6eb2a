// Runs once before the whole suite: makes sure the real kubectl used by e2e tests is cached.
import { ensureKubectl } from '../../scripts/kubectl.ts';

export default function setup(): void {
  ensureKubectl();
}
