import { describe, expect, it } from 'vitest';
import { accessFromGroups, decideSsoAccess, domainAllowed, type GroupMapping } from './sso-access';

const mappings: GroupMapping[] = [
  { group: 'k8s-admins', role: 'ADMIN' },
  { group: 'everyone', role: 'VIEWER' },
  { group: 'payments-devs', role: 'MEMBER', teamId: 'team-payments' },
  { group: 'search-leads', role: 'ADMIN', teamId: 'team-search' },
];

describe('accessFromGroups', () => {
  it('takes the highest organisation-wide role that matches, over team mappings', () => {
    expect(accessFromGroups(['everyone', 'k8s-admins', 'payments-devs'], mappings)).toEqual({
      role: 'ADMIN',
      teamIds: null,
    });
  });
  it('otherwise the highest team role, over every matched team', () => {
    expect(accessFromGroups(['payments-devs', 'search-leads'], mappings)).toEqual({
      role: 'ADMIN',
      teamIds: ['team-payments', 'team-search'],
    });
  });
  it('grants nothing when no group matches', () => {
    expect(accessFromGroups(['marketing'], mappings)).toBeNull();
    expect(accessFromGroups([], mappings)).toBeNull();
  });
});

describe('decideSsoAccess', () => {
  const none = { existing: null, invitation: null, groups: [], mappings: [], defaultRole: null };
  it('keeps owners owners whatever the groups say', () => {
    const owner = { role: 'OWNER' as const, teamIds: null };
    expect(decideSsoAccess({ ...none, existing: owner, mappings, groups: ['everyone'] })).toEqual({
      access: owner,
      source: 'owner',
    });
  });
  it('lets mapped groups decide, over an existing role', () => {
    expect(
      decideSsoAccess({ ...none, existing: { role: 'ADMIN', teamIds: null }, mappings, groups: ['everyone'] }),
    ).toEqual({ access: { role: 'VIEWER', teamIds: null }, source: 'groups' });
  });
  it('refuses a member whose groups no longer match, unless invited', () => {
    const existing = { role: 'MEMBER' as const, teamIds: null };
    expect(decideSsoAccess({ ...none, existing, mappings, groups: ['left-the-company'] })).toEqual({
      refused: 'your groups at the identity provider grant no role in this organisation',
    });
    const invitation = { role: 'VIEWER' as const, teamIds: null };
    expect(decideSsoAccess({ ...none, invitation, mappings, groups: [] })).toEqual({
      access: invitation,
      source: 'invitation',
    });
  });
  it('without mappings: invitation, then the existing role, then the default, else refused', () => {
    const invitation = { role: 'ADMIN' as const, teamIds: ['t'] };
    const existing = { role: 'VIEWER' as const, teamIds: null };
    expect(decideSsoAccess({ ...none, invitation, existing })).toMatchObject({ source: 'invitation' });
    expect(decideSsoAccess({ ...none, existing })).toMatchObject({ access: existing, source: 'existing' });
    expect(decideSsoAccess({ ...none, defaultRole: 'VIEWER' })).toEqual({
      access: { role: 'VIEWER', teamIds: null },
      source: 'default',
    });
    expect(decideSsoAccess(none)).toEqual({
      refused: 'you are not a member of this organisation; ask an admin for an invitation',
    });
  });
});

describe('domainAllowed', () => {
  it('allows listed domains only, and any when none is listed', () => {
    expect(domainAllowed('a@corp.example', ['corp.example'])).toBe(true);
    expect(domainAllowed('a@evil.corp.example', ['corp.example'])).toBe(false);
    expect(domainAllowed('a@corp.example.evil', ['corp.example'])).toBe(false);
    expect(domainAllowed('a@anything.example', [])).toBe(true);
  });
});
