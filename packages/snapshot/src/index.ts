export * from './schema';
export * from './sections';
export * from './normalise';
export * from './normalise-cluster';
export * from './secrets';
export * from './hash';
export * from './validate';
export * from './build';
