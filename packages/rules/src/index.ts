export * from './types';
export { evaluate, fingerprint, type EngineSettings } from './engine';
export { RULES, RULES_BY_ID } from './registry';
export { isPlatformResource } from './platform';
export { score } from './score';
