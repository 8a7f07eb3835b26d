export * from './schema';
export * from './normalise';
export * from './secrets';
export * from './hash';
export * from './validate';
export * from './build';
