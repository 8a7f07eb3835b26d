import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Role } from '../../generated/prisma/enums';
import type { RedisClient } from '../../infra/redis/connection';
import { REDIS } from '../../infra/redis/redis.module';
import { decrypt, encrypt } from '../../infra/secrets';
import { AuditRepository } from '../audit/audit.repository';
import type { Principal } from '../auth/principal';
import { AddressPolicy, AddressRefused } from '../webhooks/address-policy';
import { normaliseEmail } from './emails';
import { IdentityError } from './identity.errors';
import { PeopleRepository } from './people.repository';
import type { RequestMeta } from './sessions.service';
import { type SessionIssued, SignInService } from './sign-in.service';
import { type Access, accessOfMembership, decideSsoAccess, domainAllowed, type GroupMapping } from './sso-access';
import { guardedFetch } from './sso-fetch';

/** A sign-in started at the provider must come back within this. */
const FLOW_TTL_S = 600;
/** Provider metadata and keys are discovered again after this (a provider may rotate its keys). */
const DISCOVERY_TTL_MS = 10 * 60_000;

const mappingsSchema = z
  .array(
    z.object({
      group: z.string().min(1).max(256),
      role: z.enum(['VIEWER', 'MEMBER', 'ADMIN']),
      teamId: z.uuid().nullable().optional(),
    }),
  )
  .max(200);

export interface IdentityProviderInput {
  issuer: string;
  clientId: string;
  clientSecret?: string | null;
  allowedDomains?: string[] | null;
  groupsClaim?: string | null;
  groupMappings?: GroupMapping[] | null;
  defaultRole?: Role | null;
  enabled?: boolean | null;
}

interface Flow {
  organizationId: string;
  verifier: string;
  nonce: string;
  redirectUri: string;
  origin: string;
}

const refused = (why: string) => IdentityError.ssoRefused(why);

/**
 * Single sign-on with each organisation's OpenID Connect provider (openid-client): authorization
 * code with PKCE, state and nonce; the ID token checked for issuer, audience, expiry, signature
 * (the provider's published keys) and nonce before anything is believed.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);
  private readonly policy: AddressPolicy;
  private readonly fetch: ReturnType<typeof guardedFetch>;
  private readonly discovered = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly people: PeopleRepository,
    private readonly signIn: SignInService,
    private readonly audit: AuditRepository,
  ) {
    this.policy = new AddressPolicy(config.identity.oidcAllowedHosts, config.webhooks.dnsServers);
    this.fetch = guardedFetch(this.policy);
  }

  /** Where the provider sends browsers back; to register with the provider. */
  redirectUri(origin: string): string {
    return `${origin}/auth/oidc/callback`;
  }

  private key(state: string): string {
    return `${this.config.redis.prefix}:sso-flow:${state}`;
  }

  /** The provider's configuration for a client, discovered (and cached for a while). */
  private discover(issuer: string, clientId: string, secretCiphertext: string | null): Promise<oidc.Configuration> {
    const cacheKey = `${issuer}\n${clientId}\n${secretCiphertext ?? ''}`;
    const hit = this.discovered.get(cacheKey);
    if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
    const secret = secretCiphertext ? decrypt(this.config.security.encryptionKey, secretCiphertext) : undefined;
    const config = oidc
      .discovery(
        new URL(issuer),
        clientId,
        secret ? { client_secret: secret } : undefined,
        secret ? oidc.ClientSecretPost(secret) : oidc.None(),
        {
          [oidc.customFetch]: this.fetch,
          execute: this.config.identity.oidcAllowHttp ? [oidc.allowInsecureRequests] : [],
          timeout: 10,
        },
      )
      .then((c) => {
        c[oidc.customFetch] = this.fetch;
        return c;
      });
    this.discovered.set(cacheKey, { at: Date.now(), config });
    config.catch(() => this.discovered.delete(cacheKey));
    return config;
  }

  /** Begins a sign-in: where to send the browser, and the state its cookie binds it to. */
  async start(slug: string, origin: string): Promise<{ url: string; state: string }> {
    const idp = await this.people.identityProviderBySlug(slug);
    if (!idp?.enabled) throw IdentityError.notFound('Single sign-on for organisation', slug);
    const config = await this.discover(idp.issuer, idp.clientId, idp.clientSecretCiphertext).catch((err: Error) => {
      throw refused(`the identity provider could not be reached (${providerProblem(err)})`);
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const flow: Flow = {
      organizationId: idp.organizationId,
      verifier,
      nonce: oidc.randomNonce(),
      redirectUri: this.redirectUri(origin),
      origin,
    };
    await this.redis.set(this.key(state), JSON.stringify(flow), 'EX', FLOW_TTL_S);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: flow.redirectUri,
      scope: `openid email profile${idp.groupsClaim === 'groups' ? ' groups' : ''}`,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce: flow.nonce,
    });
    return { url: url.href, state };
  }

  /**
   * The provider's answer. The state must be the one this browser's cookie holds and is good
   * once; the code is exchanged and the ID token checked; then the user is found or created and
   * given what the organisation's rules say (decideSsoAccess).
   */
  async callback(
    currentUrl: URL,
    cookieState: string | undefined,
    meta: RequestMeta,
  ): Promise<SessionIssued & { origin: string }> {
    const state = currentUrl.searchParams.get('state');
    if (!state || !cookieState || state !== cookieState) {
      throw refused('this sign-in was not started in this browser (state); start again');
    }
    const raw = await this.redis.getdel(this.key(state));
    if (!raw) throw refused('this sign-in is unknown, used already or too old (state); start again');
    const flow = JSON.parse(raw) as Flow;
    const idp = await this.people.identityProviderOf(flow.organizationId);
    if (!idp?.enabled) throw refused('single sign-on is no longer configured for this organisation');
    const providerError = currentUrl.searchParams.get('error');
    if (providerError) throw refused(`the identity provider answered ${providerError.slice(0, 100)}`);
    const config = await this.discover(idp.issuer, idp.clientId, idp.clientSecretCiphertext);
    const callbackUrl = new URL(flow.redirectUri);
    callbackUrl.search = currentUrl.search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      this.logger.warn({ organizationId: idp.organizationId, problem: providerProblem(err) }, 'single sign-on refused');
      throw refused(`the identity provider's answer was refused (${providerProblem(err)})`);
    }
    const claims = tokens.claims()!;
    const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : null;
    if (!email) throw refused('the identity provider gave no email address');
    if (claims.email_verified === false) throw refused('the identity provider has not verified your email address');
    if (!domainAllowed(email, idp.allowedDomains)) {
      throw refused(`addresses at ${email.slice(email.lastIndexOf('@') + 1)} may not sign in to this organisation`);
    }
    const groupsClaim = claims[idp.groupsClaim];
    const groups = Array.isArray(groupsClaim)
      ? groupsClaim.filter((g): g is string => typeof g === 'string').slice(0, 1000)
      : [];
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 100) : '';
    const userId = await this.provision(
      idp.organizationId,
      email,
      name,
      groups,
      mappingsSchema.parse(idp.groupMappings),
      idp.defaultRole,
    );
    const issued = await this.signIn.open({ id: userId }, 'OIDC', false, meta, idp.organizationId);
    return { ...issued, origin: flow.origin };
  }

  /** Finds or creates the user and gives them what the rules decide, in one transaction; their id. */
  private async provision(
    organizationId: string,
    email: string,
    name: string,
    groups: string[],
    mappings: GroupMapping[],
    defaultRole: Role | null,
  ): Promise<string> {
    const now = new Date();
    const user = await this.people.findUserByEmail(email);
    const membership = user ? await this.people.membership(user.id, organizationId) : null;
    const existing: Access | null = membership && accessOfMembership(membership);
    const invitation = await this.people.pendingInvitation(organizationId, email, now);
    const decision = decideSsoAccess({
      existing,
      invitation: invitation && { role: invitation.role, teamIds: invitation.teamScoped ? invitation.teamIds : null },
      groups,
      mappings,
      defaultRole,
    });
    if ('refused' in decision) throw refused(decision.refused);
    const { access, source } = decision;
    return this.people.transaction(async (tx) => {
      const account = user ?? (await this.people.createUser({ email, name, passwordHash: null }, tx));
      const actor = { type: 'USER' as const, id: account.id };
      if (source === 'invitation' && invitation) await this.people.spendInvitation(invitation.id, account.id, now, tx);
      const teamIds = access.teamIds ? await this.liveTeams(organizationId, access.teamIds) : null;
      if (!membership) {
        const created = await this.people.addMember(
          {
            organizationId,
            userId: account.id,
            role: access.role,
            teamScoped: teamIds !== null,
            teamIds: teamIds ?? [],
          },
          tx,
        );
        await this.audit.record(
          {
            organizationId,
            actor,
            action: 'member.join',
            target: { type: 'Membership', id: created.id },
            details: { through: 'sso', source, role: access.role, teamIds },
          },
          tx,
        );
      } else if (source === 'groups' || source === 'invitation') {
        const same =
          membership.role === access.role &&
          JSON.stringify(existing!.teamIds?.slice().sort() ?? null) === JSON.stringify(teamIds?.slice().sort() ?? null);
        if (!same) {
          await this.people.updateMember(
            membership.id,
            { role: access.role, teamScoped: teamIds !== null, teamIds: teamIds ?? [] },
            tx,
          );
          await this.audit.record(
            {
              organizationId,
              actor,
              action: 'member.update',
              target: { type: 'Membership', id: membership.id },
              details: { through: 'sso', source, from: existing, to: { role: access.role, teamIds } },
            },
            tx,
          );
        }
      }
      return account.id;
    });
  }

  /** Mappings may name a team deleted since: those are dropped. */
  private async liveTeams(organizationId: string, ids: string[]): Promise<string[]> {
    return this.people.teamsOf(organizationId as Principal['organizationId'], ids);
  }

  get(principal: Principal) {
    return this.people.identityProviderOf(principal.organizationId);
  }

  /** Saves the organisation's provider after discovering it (a wrong issuer is told now, not at sign-in). */
  async configure(principal: Principal, input: IdentityProviderInput) {
    const issuer = parseIssuer(input.issuer, this.config.identity.oidcAllowHttp);
    const clientId = input.clientId.trim();
    if (clientId.length < 1 || clientId.length > 256)
      throw IdentityError.badInput('clientId', 'must be 1 to 256 characters');
    const domains = (input.allowedDomains ?? []).map((d) => d.trim().toLowerCase());
    const badDomain = domains.find((d) => !/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/.test(d));
    if (badDomain !== undefined)
      throw IdentityError.badInput('allowedDomains', `"${badDomain.slice(0, 100)}" is not a domain`);
    const groupsClaim = (input.groupsClaim ?? 'groups').trim();
    if (!/^[\w.:-]{1,100}$/.test(groupsClaim)) throw IdentityError.badInput('groupsClaim', 'must be a claim name');
    const parsed = mappingsSchema.safeParse(input.groupMappings ?? []);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw IdentityError.badInput(`groupMappings.${issue.path.join('.')}`, issue.message);
    }
    const teams = [...new Set(parsed.data.flatMap((m) => (m.teamId ? [m.teamId] : [])))];
    const known = await this.people.teamsOf(principal.organizationId, teams);
    const missing = teams.find((t) => !known.includes(t));
    if (missing) throw IdentityError.notFound('Team', missing);
    if (input.defaultRole === 'OWNER')
      throw IdentityError.badInput('defaultRole', 'OWNER is never granted by a provider');
    const current = await this.people.identityProviderOf(principal.organizationId);
    const secretCiphertext =
      input.clientSecret === undefined || input.clientSecret === null
        ? (current?.clientSecretCiphertext ?? null)
        : input.clientSecret === ''
          ? null
          : encrypt(this.config.security.encryptionKey, input.clientSecret);
    await this.discover(issuer, clientId, secretCiphertext).catch((err: Error) => {
      throw IdentityError.badInput('issuer', `discovery failed: ${providerProblem(err)}`);
    });
    await this.people.transaction(async (tx) => {
      await this.people.saveIdentityProvider(
        principal.organizationId,
        {
          issuer,
          clientId,
          clientSecretCiphertext: secretCiphertext,
          allowedDomains: domains,
          groupsClaim,
          groupMappings: parsed.data,
          defaultRole: input.defaultRole ?? null,
          enabled: input.enabled ?? true,
        },
        tx,
      );
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'identityProvider.configure',
          target: { type: 'IdentityProvider', id: principal.organizationId },
          details: {
            issuer,
            clientId,
            allowedDomains: domains,
            groupMappings: parsed.data.length,
            defaultRole: input.defaultRole ?? null,
          },
        },
        tx,
      );
    });
    return (await this.people.identityProviderOf(principal.organizationId))!;
  }

  async remove(principal: Principal): Promise<boolean> {
    return this.people.transaction(async (tx) => {
      const removed = await this.people.removeIdentityProvider(principal.organizationId, tx);
      if (removed) {
        await this.audit.record(
          {
            organizationId: principal.organizationId,
            actor: principal,
            action: 'identityProvider.remove',
            target: { type: 'IdentityProvider', id: principal.organizationId },
          },
          tx,
        );
      }
      return removed;
    });
  }
}

/** The issuer URL, https unless development allows http, without query or fragment. */
function parseIssuer(raw: string, allowHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw IdentityError.badInput('issuer', 'is not a URL');
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw IdentityError.badInput('issuer', 'must be an https URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw IdentityError.badInput('issuer', 'must not carry a query, fragment or credentials');
  }
  return url.href.replace(/\/$/, '');
}

/** Why talking to the provider failed, in words safe to show (never a token). */
function providerProblem(err: unknown): string {
  if (err instanceof AddressRefused) return `refused: ${err.message}`;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof AddressRefused) return `refused: ${cause.message}`;
  const message = err instanceof Error ? err.message : String(err);
  // openid-client wraps the check that failed (which claim, why) as the cause.
  const detail = cause instanceof Error && cause.message !== message ? `: ${cause.message}` : '';
  return `${message}${detail}`.slice(0, 300);
}
