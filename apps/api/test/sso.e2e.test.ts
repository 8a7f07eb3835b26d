import { Navigator, type OidcProvider, startOidcProvider, throughProvider } from '@kubeward/harness';
import { createTestContext, type TestContext } from './support/context';
import { Browser, refusal } from './support/browser';
import { clientFor, failureOf } from './support/graphql';

const CONFIGURE = `mutation ($input: IdentityProviderInput!) {
  configureIdentityProvider(input: $input) { issuer clientId hasClientSecret signInUrl redirectUri groupMappings { group role teamId } } }`;

/** Single sign-on through a real OpenID provider (oidc-provider) on loopback, as a browser goes through it. */
describe('single sign-on', () => {
  let ctx: TestContext;
  let idp: OidcProvider;
  let ownerKey = '';
  let organizationId = '';
  let teamId = '';
  let signInUrl = '';

  beforeAll(async () => {
    ctx = await createTestContext(
      { OIDC_ALLOW_HTTP: 'true', OIDC_ALLOWED_HOSTS: '127.0.0.1', SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' },
      { worker: false },
    );
    idp = await startOidcProvider([
      {
        clientId: 'kubeward',
        clientSecret: 'a-client-secret-of-32-characters!',
        redirectUris: [`${ctx.url}/auth/oidc/callback`],
      },
    ]);
    idp.accounts.set('alice', { email: 'Alice@Corp.example', name: 'Alice', groups: ['k8s-admins', 'everyone'] });
    idp.accounts.set('bob', { email: 'bob@corp.example', groups: ['payments-devs'] });
    idp.accounts.set('carol', { email: 'carol@corp.example', groups: ['marketing'] });
    idp.accounts.set('dave', { email: 'dave@elsewhere.example', groups: ['k8s-admins'] });
    idp.accounts.set('erin', { email: 'erin@corp.example', email_verified: false, groups: ['k8s-admins'] });
    const org = await ctx.newOrg('Corp');
    ownerKey = org.ownerKey;
    organizationId = org.organizationId;
    teamId = (
      await clientFor(ctx.url, ownerKey).request<{ createTeam: { id: string } }>(
        'mutation { createTeam(name: "payments") { id } }',
      )
    ).createTeam.id;
  });
  afterAll(async () => {
    await ctx?.close();
    await idp?.stop();
  });

  it('is configured by an owner, the issuer discovered at once; a private or unreachable issuer is refused', async () => {
    const owner = clientFor(ctx.url, ownerKey);
    const input = {
      issuer: idp.issuer,
      clientId: 'kubeward',
      clientSecret: 'a-client-secret-of-32-characters!',
      allowedDomains: ['corp.example'],
      groupMappings: [
        { group: 'k8s-admins', role: 'ADMIN' },
        { group: 'everyone', role: 'VIEWER' },
        { group: 'payments-devs', role: 'MEMBER', teamId },
      ],
    };
    expect(await failureOf(owner.request(CONFIGURE, { input: { ...input, issuer: 'http://10.255.255.1' } }))).toBe(
      'BAD_USER_INPUT: issuer: discovery failed: refused: 10.255.255.1 is a private address.',
    );
    expect(await failureOf(owner.request(CONFIGURE, { input: { ...input, issuer: 'ftp://idp.example' } }))).toBe(
      'BAD_USER_INPUT: issuer: must be an https URL.',
    );
    expect(
      await failureOf(
        owner.request(CONFIGURE, { input: { ...input, groupMappings: [{ group: 'x', role: 'OWNER' }] } }),
      ),
    ).toMatch(/^BAD_USER_INPUT: groupMappings\.0\.role: /);
    const { configureIdentityProvider } = await owner.request<{
      configureIdentityProvider: { hasClientSecret: boolean; signInUrl: string; redirectUri: string };
    }>(CONFIGURE, { input });
    expect(configureIdentityProvider).toMatchObject({
      hasClientSecret: true,
      signInUrl: `${ctx.url}/auth/oidc/${await slugOf()}/start`,
      redirectUri: `${ctx.url}/auth/oidc/callback`,
    });
    signInUrl = configureIdentityProvider.signInUrl;
    const { rows } = await ctx.sql.query(`SELECT "clientSecretCiphertext" AS c FROM "IdentityProvider"`);
    expect(rows[0].c).not.toContain('a-client-secret');
  });

  async function slugOf(): Promise<string | undefined> {
    const { rows } = await ctx.sql.query(`SELECT slug FROM "Organization" WHERE id = $1`, [organizationId]);
    return rows[0]?.slug as string | undefined;
  }

  /** Through the provider's login and consent forms, up to the provider's redirect back to Kubeward. */
  const atProvider = (nav: Navigator, login: string) => throughProvider(nav, signInUrl, login);

  /** Back at Kubeward with the provider's answer: where Kubeward sends the browser next. */
  async function back(nav: Navigator, callback: URL): Promise<URL> {
    const done = await nav.go(callback.href, (u) => u.origin === ctx.url && !u.pathname.startsWith('/auth/'));
    return done.url;
  }

  const errorOf = (u: URL) => (u.pathname === '/sign-in' ? u.searchParams.get('error') : null);

  function signedIn(nav: Navigator): Browser {
    const browser = new Browser(ctx.url);
    browser.cookie =
      nav
        .cookieFor(ctx.url)
        .split('; ')
        .find((c) => c.startsWith('__Host-kubeward_session=')) ?? null;
    return browser;
  }

  it('signs in through the provider: groups decide the role, a new account is made, the session is Kubeward’s', async () => {
    const nav = new Navigator();
    const landed = await back(nav, await atProvider(nav, 'alice'));
    expect(landed.href).toBe(`${ctx.url}/`);
    const browser = signedIn(nav);
    const { viewer } = await browser.graphql<{
      viewer: {
        user: { email: string; name: string; hasPassword: boolean };
        current: { role: string };
        sessions: { method: string }[];
      };
    }>('{ viewer { user { email name hasPassword } current { role } sessions { method } } }');
    expect(viewer).toEqual({
      user: { email: 'alice@corp.example', name: 'Alice', hasPassword: false },
      current: { role: 'ADMIN' },
      sessions: [{ method: 'OIDC' }],
    });
    // The state cookie is gone once used.
    expect(nav.cookieFor(ctx.url)).not.toContain('__Host-kubeward_sso');
    const { rows } = await ctx.sql.query(
      `SELECT action, details FROM "AuditLog" WHERE "organizationId" = $1 AND "actorType" = 'USER' ORDER BY at, id`,
      [organizationId],
    );
    expect(rows.map((r) => r.action)).toEqual(['member.join', 'user.signIn']);
    expect(rows[1].details).toMatchObject({ method: 'OIDC' });
  });

  it('maps a team group to a team-scoped role', async () => {
    const nav = new Navigator();
    await back(nav, await atProvider(nav, 'bob'));
    const { me } = await signedIn(nav).graphql<{ me: { role: string; teamIds: string[] } }>('{ me { role teamIds } }');
    expect(me).toEqual({ role: 'MEMBER', teamIds: [teamId] });
  });

  it('refuses whom the rules do not admit: no mapped group, another domain, an unverified address', async () => {
    for (const [login, why] of [
      ['carol', 'your groups at the identity provider grant no role in this organisation'],
      ['dave', 'addresses at elsewhere.example may not sign in to this organisation'],
      ['erin', 'the identity provider has not verified your email address'],
    ] as const) {
      const nav = new Navigator();
      const landed = await back(nav, await atProvider(nav, login));
      expect(errorOf(landed), login).toBe(`UNAUTHENTICATED: Single sign-on refused: ${why}.`);
      expect(nav.cookieFor(ctx.url)).not.toContain('__Host-kubeward_session');
    }
  });

  it('refuses an ID token with the wrong issuer, audience, an expired one, or one without the nonce', async () => {
    const cases: [string, (c: Record<string, unknown>) => Record<string, unknown>, RegExp][] = [
      ['issuer', (c) => ({ ...c, iss: 'https://evil.example' }), /"iss" \(issuer\) claim/],
      ['audience', (c) => ({ ...c, aud: 'another-client' }), /"aud" \(audience\) claim/],
      ['expired', (c) => ({ ...c, iat: 1_000_000, exp: 1_000_600 }), /"exp" \(expiration time\) claim/],
      ['nonce', (c) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'nonce')), /"nonce"/],
    ];
    for (const [name, tamper, problem] of cases) {
      const nav = new Navigator();
      const callback = await atProvider(nav, 'alice');
      idp.tamper = tamper;
      try {
        const error = errorOf(await back(nav, callback));
        expect(error, name).toMatch(
          /^UNAUTHENTICATED: Single sign-on refused: the identity provider's answer was refused/,
        );
        expect(error, name).toMatch(problem);
      } finally {
        idp.tamper = null;
      }
      expect(nav.cookieFor(ctx.url)).not.toContain('__Host-kubeward_session');
    }
  });

  it('refuses a replayed answer, and one brought by another browser', async () => {
    const nav = new Navigator();
    const callback = await atProvider(nav, 'alice');
    // Another browser, without this one's state cookie (a login CSRF).
    expect(errorOf(await back(new Navigator(), callback))).toBe(
      'UNAUTHENTICATED: Single sign-on refused: this sign-in was not started in this browser (state); start again.',
    );
    expect((await back(nav, callback)).href).toBe(`${ctx.url}/`);
    // The same answer again, with the browser's state cookie as it was: the state was spent.
    const state = callback.searchParams.get('state')!;
    const res = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: `__Host-kubeward_sso=${state}` },
    });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe(
      'UNAUTHENTICATED: Single sign-on refused: this sign-in is unknown, used already or too old (state); start again.',
    );
  });

  it('is not for API keys to see another organisation’s, nor for team members to change', async () => {
    const other = await ctx.newOrg();
    expect(
      (await clientFor(ctx.url, other.ownerKey).request<{ identityProvider: null }>('{ identityProvider { issuer } }'))
        .identityProvider,
    ).toBeNull();
    const nav = new Navigator();
    await back(nav, await atProvider(nav, 'bob'));
    expect(await refusal(signedIn(nav).graphql('mutation { removeIdentityProvider }'))).toMatch(/^FORBIDDEN: /);
  });
});
