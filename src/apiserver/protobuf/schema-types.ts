// Describes protobuf message layouts (field number -> JSON name and type) and the shared metav1 messages.

/** `intorstring` is intstr.IntOrString {1 type, 2 intVal, 3 strVal}; `quantity` is resource.Quantity {1 string}. */
export type Scalar = 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'time' | 'rawjson' | 'intorstring' | 'quantity';
export interface FieldSpec {
  name: string;
  type: Scalar | MessageSpec;
  repeated?: boolean;
  /** map<string, type> */
  map?: boolean;
  /** a Go pointer field: an explicit zero value is kept instead of being dropped (omitempty) */
  keep?: boolean;
  /** an embedded Go struct (json:",inline"): its fields are merged into the parent object */
  inline?: boolean;
}
export type MessageSpec = { [fieldNumber: number]: FieldSpec };

export const str = (name: string): FieldSpec => ({ name, type: 'string' });
export const strs = (name: string): FieldSpec => ({ name, type: 'string', repeated: true });
export const msg = (name: string, type: MessageSpec, repeated = false): FieldSpec => ({ name, type, repeated });
export const time = (name: string): FieldSpec => ({ name, type: 'time' });
export const strMap = (name: string): FieldSpec => ({ name, type: 'string', map: true });

const EXTRA_VALUE: MessageSpec = { 1: strs('items') };
/** map<string, ExtraValue> renders as {key: [values]}: the ExtraValue wrapper is unwrapped by the decoder. */
export const extraMap = (name: string): FieldSpec => ({ name, type: EXTRA_VALUE, map: true });

const OWNER_REFERENCE: MessageSpec = {
  1: str('kind'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'),
  6: { name: 'controller', type: 'bool', keep: true }, 7: { name: 'blockOwnerDeletion', type: 'bool', keep: true },
};
const MANAGED_FIELDS_ENTRY: MessageSpec = {
  1: str('manager'), 2: str('operation'), 3: str('apiVersion'), 4: time('time'), 6: str('fieldsType'),
  7: msg('fieldsV1', { 1: { name: 'Raw', type: 'rawjson' } }), 8: str('subresource'),
};
export const OBJECT_META: MessageSpec = {
  1: str('name'), 2: str('generateName'), 3: str('namespace'), 4: str('selfLink'), 5: str('uid'), 6: str('resourceVersion'),
  7: { name: 'generation', type: 'int64' }, 8: time('creationTimestamp'), 9: time('deletionTimestamp'),
  10: { name: 'deletionGracePeriodSeconds', type: 'int64', keep: true }, 11: strMap('labels'), 12: strMap('annotations'),
  13: msg('ownerReferences', OWNER_REFERENCE, true), 14: strs('finalizers'), 17: msg('managedFields', MANAGED_FIELDS_ENTRY, true),
};
export const meta = msg('metadata', OBJECT_META);

export const LABEL_SELECTOR_REQUIREMENT: MessageSpec = { 1: str('key'), 2: str('operator'), 3: strs('values') };
export const LABEL_SELECTOR: MessageSpec = { 1: strMap('matchLabels'), 2: msg('matchExpressions', LABEL_SELECTOR_REQUIREMENT, true) };

