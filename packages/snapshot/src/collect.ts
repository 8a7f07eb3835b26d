/**
 * What an agent needs to collect and push, without the contract's schemas: loading zod and the
 * schema costs an in-cluster agent ~20 MB of its memory, and the agent never validates.
 */
export * from './build';
export * from './state';
export * from './delta';
export type { CollectionStatus, Snapshot } from './schema';
