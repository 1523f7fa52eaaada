// Public surface of the schema layer: the key catalogue, xl's value readers, versions and
// did-you-mean. Pure TypeScript: no editor, LSP or filesystem dependencies.
export * from './types';
export { KEYS, KEY_NAMES, SUGGESTED_NAMES, keyInfo } from './catalogue';
export * from './getters';
export * from './versions';
export * from './suggest';
