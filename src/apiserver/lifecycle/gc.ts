// The garbage collector: deletes dependents whose owners are gone, and carries out the two
// propagation finalizers -- "orphan" (detach dependents, then let the owner go) and
// "foregroundDeletion" (delete dependents, let the owner go once no blocking dependent remains).
import type { ObjectKey, Store } from '../storage/types.ts';
import type { ResourceCatalog } from './controllers.ts';
import { deleteObject, type DeleteOptions } from './delete.ts';
import {
  FINALIZER_FOREGROUND,
  FINALIZER_ORPHAN,
  finalizersOf,
  isDeleting,
  ownerReferencesOf,
  parseObject,
  uidOf,
  withMetadata,
  type KubeObject,
  type OwnerReference,
} from './meta.ts';
import { resolveOwner, type OwnershipIndex } from './ownership.ts';
import { writeUpdate } from './update.ts';

type OwnerState = 'solid' | 'dangling' | 'waiting' | 'unknown';

export class GarbageCollector {
  private readonly store: Store;
  private readonly catalog: ResourceCatalog;
  private readonly index: OwnershipIndex;
  /** Dependents with an owner kind the catalog did not know yet; retried on resync. */
  readonly unresolved = new Set<string>();

  constructor(store: Store, catalog: ResourceCatalog, index: OwnershipIndex) {
    this.store = store;
    this.catalog = catalog;
    this.index = index;
  }

  private read(key: ObjectKey): { obj: KubeObject; revision: number } | undefined {
    const s = this.store.get(key);
    return s ? { obj: parseObject(s.json), revision: s.revision } : undefined;
  }

  private ownerState(dependent: ObjectKey, ref: OwnerReference): OwnerState {
    const ownerKey = resolveOwner(this.catalog, dependent, ref);
    if (!ownerKey) return 'unknown';
    const owner = this.read(ownerKey);
    if (!owner || uidOf(owner.obj) !== ref.uid) return 'dangling';
    if (isDeleting(owner.obj) && finalizersOf(owner.obj).includes(FINALIZER_FOREGROUND)) return 'waiting';
    return 'solid';
  }

  /** A dependent whose owners may have gone: delete it when no owner is left, or drop the refs to
   *  owners that are gone while others remain. */
  checkOwners(id: string): void {
    const dep = this.index.get(id);
    if (!dep) return;
    const current = this.read(dep.key);
    if (!current || isDeleting(current.obj)) return;
    const refs = ownerReferencesOf(current.obj);
    if (refs.length === 0) return;
    const states = refs.map((r) => this.ownerState(dep.key, r));
    if (states.includes('unknown')) this.unresolved.add(id);
    else this.unresolved.delete(id);
    const alive = states.some((s) => s === 'solid' || s === 'unknown');
    if (alive) {
      if (!states.some((s) => s === 'dangling' || s === 'waiting')) return;
      const keep = refs.filter((_, i) => states[i] === 'solid' || states[i] === 'unknown');
      writeUpdate(this.store, dep.key, withMetadata(current.obj, { ownerReferences: keep }), current.revision);
      return;
    }
    deleteObject(this.store, dep.key, {
      propagationPolicy: this.policyFor(dep.key, current.obj, states.includes('waiting')),
      preconditions: { uid: uidOf(current.obj) },
    });
  }

  private policyFor(key: ObjectKey, obj: KubeObject, ownerWaiting: boolean): DeleteOptions['propagationPolicy'] {
    const uid = uidOf(obj);
    // Under a foreground-deleting owner, a dependent with dependents of its own goes foreground too.
    if (ownerWaiting && uid && this.index.hasDependents(key.cluster, uid)) return 'Foreground';
    const finalizers = finalizersOf(obj);
    if (finalizers.includes(FINALIZER_ORPHAN)) return 'Orphan';
    if (finalizers.includes(FINALIZER_FOREGROUND)) return 'Foreground';
    return 'Background';
  }

  /** An object marked for deletion that carries a propagation finalizer. */
  processDeleting(key: ObjectKey): void {
    const current = this.read(key);
    if (!current || !isDeleting(current.obj)) return;
    const uid = uidOf(current.obj);
    const finalizers = finalizersOf(current.obj);
    if (finalizers.includes(FINALIZER_ORPHAN)) {
      if (uid) this.orphanDependents(key.cluster, uid);
      this.removeFinalizer(key, FINALIZER_ORPHAN);
      return;
    }
    if (!finalizers.includes(FINALIZER_FOREGROUND)) return;
    let blocking = 0;
    for (const dep of uid ? this.index.dependentsOf(key.cluster, uid) : []) {
      const d = this.read(dep.key);
      if (!d) continue;
      const ref = ownerReferencesOf(d.obj).find((r) => r.uid === uid);
      if (!ref) continue;
      let gone = false;
      if (!isDeleting(d.obj)) {
        const hasOwnDependents = this.index.hasDependents(dep.key.cluster, uidOf(d.obj) ?? '');
        const policy = hasOwnDependents ? 'Foreground' : this.policyFor(dep.key, d.obj, false);
        gone = deleteObject(this.store, dep.key, { propagationPolicy: policy, preconditions: { uid: uidOf(d.obj) } }).deleted;
      }
      if (!gone && ref.blockOwnerDeletion === true) blocking++;
    }
    if (blocking === 0) this.removeFinalizer(key, FINALIZER_FOREGROUND);
  }

  private orphanDependents(cluster: string, uid: string): void {
    for (const dep of this.index.dependentsOf(cluster, uid)) {
      const d = this.read(dep.key);
      if (!d) continue;
      const refs = ownerReferencesOf(d.obj);
      const keep = refs.filter((r) => r.uid !== uid);
      if (keep.length === refs.length) continue;
      const next = withMetadata(d.obj, { ownerReferences: keep.length > 0 ? keep : undefined });
      writeUpdate(this.store, dep.key, next, d.revision);
    }
  }

  private removeFinalizer(key: ObjectKey, finalizer: string): void {
    const current = this.read(key);
    if (!current) return;
    const finalizers = finalizersOf(current.obj);
    if (!finalizers.includes(finalizer)) return;
    const rest = finalizers.filter((f) => f !== finalizer);
    writeUpdate(this.store, key, withMetadata(current.obj, { finalizers: rest.length > 0 ? rest : undefined }), current.revision);
  }
}
