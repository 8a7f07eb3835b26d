export * from './types';
export { evaluate, type EngineSettings } from './engine';
export { evaluateIncremental, type Carry, type IncrementalResult, type ObjectHashes } from './incremental';
export { fingerprint, plainFinding } from './finding';
export { RULES, RULES_BY_ID } from './registry';
export { isPlatformResource } from './platform';
export { describeResource } from './resources';
export { usedAccounts } from './service-accounts';
export { score } from './score';
export * from './frameworks';
export {
  whoCan,
  subjectPermissions,
  POWERS,
  describeSubject,
  describeBinding,
  type Access,
  type Permission,
  type PowerId,
} from './permissions';
export { previousStateOf, previousStateFromObjects, rebasedFindings, DRIFT_KINDS } from './drift';
export { subjectAccess, pathToClusterAdmin, describeStep, type Step, type HeldPower } from './escalation';
export { parseAccess, parseSubject, AccessQuestionError, SUBJECT_KINDS } from './access-question';
