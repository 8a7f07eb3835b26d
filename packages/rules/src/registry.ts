import { hostNetwork } from './rules/host-network/rule';
import { hostPathVolume } from './rules/host-path-volume/rule';
import { privilegedContainer } from './rules/privileged-container/rule';
import type { Rule } from './types';

/** Every rule of the catalogue, in id order. */
export const RULES: readonly Rule[] = [hostNetwork, hostPathVolume, privilegedContainer].sort((a, b) =>
  a.id.localeCompare(b.id),
);

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
