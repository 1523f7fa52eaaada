// Public surface of the schema layer: the key catalogue, xl's value readers, versions and
// did-you-mean. Pure TypeScript: no editor, LSP or filesystem dependencies.
export * from './types';
export { KEYS, KEYS_BY_USE, KEY_NAMES, keyInfo, otherName } from './catalogue';
export * from './getters';
export * from './versions';
export * from './suggest';
