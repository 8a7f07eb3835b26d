import { generate } from 'otplib';
import { createTestContext, type TestContext } from './support/context';
import { Browser, refusal } from './support/browser';
import { clientFor, failureOf } from './support/graphql';

const INVITE = `mutation ($email: String!, $access: AccessInput!) {
  createInvitation(email: $email, access: $access) { mailed link invitation { id email role teamIds expiresAt } } }`;
const VIEWER = `{ viewer { user { id email name totpEnabled hasPassword }
  memberships { organization { id name } role teamIds } current { organization { id } role }
  sessions { id current method } } }`;

type Viewer = {
  viewer: {
    user: { id: string; email: string; name: string; totpEnabled: boolean };
    memberships: { organization: { id: string; name: string }; role: string }[];
    current: { organization: { id: string }; role: string } | null;
    sessions: { id: string; current: boolean; method: string }[];
  };
};

/** People through HTTP as a browser sends it: invitations, password sign-in, sessions, members, TOTP. */
describe('people', () => {
  let ctx: TestContext;
  const PASSWORD = 'a long enough passphrase';

  beforeAll(async () => {
    ctx = await createTestContext(
      { SIGN_IN_MAX_FAILURES: '3', SIGN_IN_ATTEMPTS_PER_MINUTE: '1000', AUDIT_REFUSALS_WINDOW_MS: '3600000' },
      { worker: false },
    );
  });
  afterAll(() => ctx?.close());

  /** Invites `email` with the owner key and accepts in a fresh browser; the browser is signed in. */
  async function join(ownerKey: string, email: string, role = 'ADMIN', password = PASSWORD) {
    const { createInvitation } = await clientFor(ctx.url, ownerKey).request<{
      createInvitation: { mailed: boolean; link: string; invitation: { id: string } };
    }>(INVITE, { email, access: { role } });
    const token = new URL(createInvitation.link).hash.replace('#token=', '');
    const browser = new Browser(ctx.url);
    const accepted = await browser.post('/auth/invitations/accept', { token, name: email.split('@')[0], password });
    expect(accepted.status).toBe(200);
    return { browser, token, invitationId: createInvitation.invitation.id };
  }

  it('invites by a single-use link that signs the new member in with an HttpOnly, Secure, Lax cookie', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg('Acme');
    const { createInvitation } = await clientFor(ctx.url, ownerKey).request<{
      createInvitation: { mailed: boolean; link: string; invitation: { email: string; role: string } };
    }>(INVITE, { email: ' Alice@Example.COM ', access: { role: 'ADMIN' } });
    expect(createInvitation).toMatchObject({
      mailed: false,
      invitation: { email: 'alice@example.com', role: 'ADMIN' },
    });
    expect(createInvitation.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/accept-invitation#token=kwi_/);
    const token = createInvitation.link.split('#token=')[1]!;

    const browser = new Browser(ctx.url);
    expect((await browser.post('/auth/invitations/accept', { token, password: 'short' })).body).toMatchObject({
      error: 'BAD_USER_INPUT',
      message: 'password: must be at least 12 characters.',
    });
    const accepted = await browser.post('/auth/invitations/accept', { token, name: 'Alice', password: PASSWORD });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ secondFactorRequired: false });
    expect(accepted.setCookie).toMatch(
      /^__Host-kubeward_session=kws_[\w-]+; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );

    const { viewer } = await browser.graphql<Viewer>(VIEWER);
    expect(viewer.user).toMatchObject({ email: 'alice@example.com', name: 'Alice', totpEnabled: false });
    expect(viewer.memberships).toEqual([
      { organization: { id: organizationId, name: 'Acme' }, role: 'ADMIN', teamIds: null },
    ]);
    expect(viewer.current).toEqual({ organization: { id: organizationId }, role: 'ADMIN' });
    expect(viewer.sessions).toEqual([{ id: expect.any(String), current: true, method: 'PASSWORD' }]);

    // The session acts in the organisation like a key of its role, and is audited as the user.
    const { me } = await browser.graphql<{ me: { role: string; apiKey: null } }>('{ me { role apiKey { id } } }');
    expect(me).toEqual({ role: 'ADMIN', apiKey: null });
    await browser.graphql('mutation { registerCluster(name: "prod") { cluster { id } } }');
    const { rows } = await ctx.sql.query(
      `SELECT "actorType", "actorId", action FROM "AuditLog" WHERE "organizationId" = $1 ORDER BY at, id`,
      [organizationId],
    );
    expect(rows.map((r) => `${r.actorType} ${r.action}`)).toEqual(
      expect.arrayContaining([
        'API_KEY invitation.create',
        'USER invitation.accept',
        'USER user.signIn',
        'USER cluster.register',
      ]),
    );
    expect(rows.find((r) => r.action === 'cluster.register')!.actorId).toBe(viewer.user.id);

    // The link is single-use.
    expect(
      (await new Browser(ctx.url).post('/auth/invitations/accept', { token, password: PASSWORD })).body,
    ).toMatchObject({
      error: 'BAD_USER_INPUT',
      message: 'token: the invitation is unknown, used, revoked or expired; ask for a new one.',
    });
  });

  it('refuses expired and revoked invitations, and invitations above the inviter’s role', async () => {
    const { ownerKey } = await ctx.newOrg();
    const owner = clientFor(ctx.url, ownerKey);
    const invite = (email: string) =>
      owner.request<{ createInvitation: { link: string; invitation: { id: string } } }>(INVITE, {
        email,
        access: { role: 'VIEWER' },
      });
    const expired = (await invite('late@example.com')).createInvitation;
    await ctx.sql.query(`UPDATE "Invitation" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [
      expired.invitation.id,
    ]);
    const revoked = (await invite('nope@example.com')).createInvitation;
    await owner.request('mutation ($id: ID!) { revokeInvitation(id: $id) { revokedAt } }', {
      id: revoked.invitation.id,
    });
    for (const link of [expired.link, revoked.link, 'x#token=kwi_forged']) {
      const res = await new Browser(ctx.url).post('/auth/invitations/accept', {
        token: link.split('#token=')[1],
        password: PASSWORD,
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^token: the invitation is unknown, used, revoked or expired/);
    }
    const { browser } = await join(ownerKey, 'admin@example.com', 'ADMIN');
    expect(await refusal(browser.graphql(INVITE, { email: 'boss@example.com', access: { role: 'OWNER' } }))).toBe(
      'FORBIDDEN: Your role (ADMIN) may not grant OWNER.',
    );
    expect(await refusal(browser.graphql(INVITE, { email: 'bad', access: { role: 'VIEWER' } }))).toBe(
      'BAD_USER_INPUT: email: is not an email address.',
    );
  });

  it('signs in by password with one answer for unknown addresses and wrong passwords, and locks after failures', async () => {
    const { ownerKey } = await ctx.newOrg();
    await join(ownerKey, 'bob@example.com');
    const browser = new Browser(ctx.url);
    const signIn = (email: string, password: string) => browser.post('/auth/sign-in', { email, password });
    const wrong = await signIn('bob@example.com', 'not the right passphrase');
    const unknown = await signIn('nobody@example.com', 'not the right passphrase');
    expect(wrong).toMatchObject({ status: 401, setCookie: null });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: 'UNAUTHENTICATED', message: 'The email address or password is wrong.' });

    const ok = await signIn('BOB@example.com', PASSWORD);
    expect(ok.status).toBe(200);
    expect((await browser.graphql<Viewer>(VIEWER)).viewer.user.email).toBe('bob@example.com');

    // Three failures in a row lock the address, known or not, whatever the password.
    for (const email of ['bob@example.com', 'nobody@example.com']) {
      for (let i = 0; i < 3; i++) await signIn(email, `wrong passphrase ${i}`);
      const locked = await signIn(email, PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.body.message).toMatch(/^Too many failed sign-ins for this address; try again in \d+ min\.$/);
    }
  });

  it('refuses cookie requests without the CSRF header or from another origin, before reading the session', async () => {
    const { ownerKey } = await ctx.newOrg();
    const { browser } = await join(ownerKey, 'carol@example.com');
    expect(await refusal(browser.graphql('{ clusters { id } }', {}, { 'x-kubeward-csrf': '' }))).toBe('no error');
    const noHeader = await fetch(`${ctx.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ctx.url, cookie: browser.cookie! },
      body: JSON.stringify({ query: '{ clusters { id } }' }),
    });
    expect(noHeader.status).toBe(403);
    expect(((await noHeader.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(
      'Refused as a possible cross-site request: a request signed in by cookie must send the x-kubeward-csrf header.',
    );
    const evil = new Browser(ctx.url, 'https://evil.example');
    evil.cookie = browser.cookie;
    expect(await refusal(evil.graphql('{ clusters { id } }'))).toBe(
      `FORBIDDEN: Refused as a possible cross-site request: requests signed in by cookie are accepted only from ${ctx.url}.`,
    );
    // A forged sign-in would sign the victim in as the attacker: refused too.
    expect((await evil.post('/auth/sign-in', { email: 'carol@example.com', password: PASSWORD })).status).toBe(403);
    // API keys are not cookies: automation needs neither header.
    expect(await failureOf(clientFor(ctx.url, ownerKey).request('{ clusters { id } }'))).toBe('no error');
  });

  it('ends sessions: sign out, idle and absolute timeouts, revoke one, sign out everywhere', async () => {
    const { ownerKey } = await ctx.newOrg();
    const { browser } = await join(ownerKey, 'dave@example.com');
    const second = new Browser(ctx.url);
    await second.post('/auth/sign-in', { email: 'dave@example.com', password: PASSWORD });
    const third = new Browser(ctx.url);
    await third.post('/auth/sign-in', { email: 'dave@example.com', password: PASSWORD });
    const { viewer } = await browser.graphql<Viewer>(VIEWER);
    expect(viewer.sessions).toHaveLength(3);
    const sessionIdOf = async (b: Browser) =>
      (await b.graphql<Viewer>(VIEWER)).viewer.sessions.find((s) => s.current)!.id;

    // Idle: no request for SESSION_IDLE_MINUTES.
    await ctx.sql.query(`UPDATE "Session" SET "lastSeenAt" = now() - interval '31 minutes' WHERE id = $1`, [
      await sessionIdOf(second),
    ]);
    expect(await refusal(second.graphql('{ clusters { id } }'))).toBe(
      'UNAUTHENTICATED: Your session has ended (idle); sign in again.',
    );
    // Absolute: SESSION_ABSOLUTE_HOURS after sign-in, however active.
    await ctx.sql.query(`UPDATE "Session" SET "expiresAt" = now() WHERE id = $1`, [await sessionIdOf(third)]);
    expect(await refusal(third.graphql('{ clusters { id } }'))).toBe(
      'UNAUTHENTICATED: Your session has ended (expired); sign in again.',
    );

    const fourth = new Browser(ctx.url);
    await fourth.post('/auth/sign-in', { email: 'dave@example.com', password: PASSWORD });
    const revoked = await browser.graphql<{ revokeSession: { count: number } }>(
      'mutation ($id: ID!) { revokeSession(id: $id) { count } }',
      { id: await sessionIdOf(fourth) },
    );
    expect(revoked.revokeSession.count).toBe(1);
    expect(await refusal(fourth.graphql('{ clusters { id } }'))).toMatch(/session has ended \(revoked\)/);

    const signedOut = await browser.post('/auth/sign-out', {});
    expect(signedOut.setCookie).toMatch(/^__Host-kubeward_session=; Max-Age=0;/);
    expect(browser.cookie).toBeNull();

    const a = new Browser(ctx.url);
    const b = new Browser(ctx.url);
    await a.post('/auth/sign-in', { email: 'dave@example.com', password: PASSWORD });
    await b.post('/auth/sign-in', { email: 'dave@example.com', password: PASSWORD });
    expect(
      (await a.graphql<{ signOutEverywhere: { count: number } }>('mutation { signOutEverywhere { count } }'))
        .signOutEverywhere.count,
    ).toBe(3); // a, b, and the idle one that has not expired
    expect(await refusal(b.graphql('{ clusters { id } }'))).toMatch(/session has ended \(revoked\)/);
    expect(await refusal(a.graphql(VIEWER))).toMatch(/session has ended \(revoked\)/);
  });

  it('asks for a second factor once TOTP is on; each code signs in once', async () => {
    const { ownerKey } = await ctx.newOrg();
    const { browser } = await join(ownerKey, 'erin@example.com');
    const { startTotpEnrolment } = await browser.graphql<{ startTotpEnrolment: { secret: string; uri: string } }>(
      'mutation { startTotpEnrolment { secret uri } }',
    );
    expect(startTotpEnrolment.uri).toMatch(/^otpauth:\/\/totp\/Kubeward:erin%40example\.com\?secret=/);
    const secret = startTotpEnrolment.secret;
    const codeAt = (offsetSteps: number) =>
      generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
    expect(await refusal(browser.graphql('mutation ($c: String!) { enableTotp(code: $c) }', { c: '000000' }))).toMatch(
      /^UNAUTHENTICATED: code: the authenticator code is wrong/,
    );
    await browser.graphql('mutation ($c: String!) { enableTotp(code: $c) }', { c: await codeAt(0) });

    const next = new Browser(ctx.url);
    const first = await next.post('/auth/sign-in', { email: 'erin@example.com', password: PASSWORD });
    expect(first.body).toEqual({ secondFactorRequired: true });
    const pendingCookie = next.cookie;
    // Half signed in is not signed in.
    expect(await refusal(next.graphql('{ clusters { id } }'))).toBe(
      'UNAUTHENTICATED: Enter the code from your authenticator to finish signing in.',
    );
    // The code enableTotp used is spent.
    expect((await next.post('/auth/sign-in/second-factor', { code: await codeAt(0) })).status).toBe(401);
    const done = await next.post('/auth/sign-in/second-factor', { code: await codeAt(1) });
    expect(done.body).toEqual({ secondFactorRequired: false });
    expect(next.cookie).not.toBe(pendingCookie);
    expect((await next.graphql<Viewer>(VIEWER)).viewer.user.totpEnabled).toBe(true);
    // The token from before the second factor is worthless now.
    const stale = new Browser(ctx.url);
    stale.cookie = pendingCookie;
    expect(await refusal(stale.graphql('{ clusters { id } }'))).toMatch(/^UNAUTHENTICATED: Your session has ended/);
  });

  it('manages members: roles within the caller’s, an owner always left, removal ends sessions at once', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const owner = await join(ownerKey, 'frank@example.com', 'OWNER');
    const member = await join(ownerKey, 'grace@example.com', 'MEMBER');
    type Members = { members: { id: string; role: string; user: { email: string } }[] };
    const { members } = await owner.browser.graphql<Members>('{ members { id role user { email } } }');
    expect(members.map((m) => `${m.user.email} ${m.role}`)).toEqual([
      'frank@example.com OWNER',
      'grace@example.com MEMBER',
    ]);
    const frank = members[0]!.id;
    const grace = members[1]!.id;
    const update = (b: Browser, id: string, role: string) =>
      b.graphql('mutation ($id: ID!, $a: AccessInput!) { updateMember(id: $id, access: $a) { role } }', {
        id,
        a: { role },
      });
    expect(await refusal(update(owner.browser, frank, 'ADMIN'))).toBe(
      'BAD_USER_INPUT: id: this is the last owner of the organisation; make someone else an owner first.',
    );
    expect(await refusal(update(member.browser, grace, 'OWNER'))).toMatch(
      /^FORBIDDEN: Your role \(MEMBER\) may not call updateMember/,
    );
    await update(owner.browser, grace, 'VIEWER');
    expect(await refusal(member.browser.graphql('mutation { registerCluster(name: "x") { cluster { id } } }'))).toMatch(
      /^FORBIDDEN: Your role \(VIEWER\)/,
    );

    await owner.browser.graphql('mutation ($id: ID!) { removeMember(id: $id) { id } }', { id: grace });
    expect(await refusal(member.browser.graphql('{ clusters { id } }'))).toBe(
      'UNAUTHENTICATED: Your session has ended (revoked); sign in again.',
    );
    // Signing in again finds no organisation to act in.
    const again = new Browser(ctx.url);
    await again.post('/auth/sign-in', { email: 'grace@example.com', password: PASSWORD });
    expect((await again.graphql<Viewer>(VIEWER)).viewer.current).toBeNull();
    expect(await refusal(again.graphql('{ clusters { id } }'))).toMatch(
      /^FORBIDDEN: You are signed in but act in no organisation/,
    );

    // Another organisation's member is not found; nor is the membership of one.
    const other = await ctx.newOrg();
    const stranger = await join(other.ownerKey, 'heidi@example.com', 'OWNER');
    expect(
      await refusal(stranger.browser.graphql('mutation ($id: ID!) { removeMember(id: $id) { id } }', { id: frank })),
    ).toBe(`NOT_FOUND: Member ${frank} not found.`);
    expect(
      await refusal(
        stranger.browser.graphql('mutation ($o: ID!) { switchOrganization(organizationId: $o) { current { role } } }', {
          o: organizationId,
        }),
      ),
    ).toBe(`NOT_FOUND: Organization ${organizationId} not found.`);
  });

  it('lets one user belong to several organisations and switch between them', async () => {
    const one = await ctx.newOrg('One');
    const two = await ctx.newOrg('Two');
    const { browser } = await join(one.ownerKey, 'ivan@example.com', 'VIEWER');
    // Already signed in as ivan: accepting needs no password.
    const { createInvitation } = await clientFor(ctx.url, two.ownerKey).request<{ createInvitation: { link: string } }>(
      INVITE,
      { email: 'ivan@example.com', access: { role: 'ADMIN' } },
    );
    await browser.post('/auth/invitations/accept', { token: createInvitation.link.split('#token=')[1] });
    const { viewer } = await browser.graphql<Viewer>(VIEWER);
    expect(viewer.memberships.map((m) => `${m.organization.name} ${m.role}`)).toEqual(['One VIEWER', 'Two ADMIN']);
    expect(viewer.current!.organization.id).toBe(two.organizationId);
    const switched = await browser.graphql<{ switchOrganization: { current: { role: string } } }>(
      'mutation ($o: ID!) { switchOrganization(organizationId: $o) { current { role } } }',
      { o: one.organizationId },
    );
    expect(switched.switchOrganization.current.role).toBe('VIEWER');
    expect(
      (await browser.graphql<{ me: { organization: { id: string } } }>('{ me { organization { id } } }')).me
        .organization.id,
    ).toBe(one.organizationId);
  });

  it('offers no sign-up nor self-made organisations unless the installation allows them', async () => {
    const { ownerKey } = await ctx.newOrg();
    const { browser } = await join(ownerKey, 'mallory@example.com', 'VIEWER');
    expect(await refusal(browser.graphql('mutation { startOrganization(name: "Mine") { id } }'))).toBe(
      'FORBIDDEN: Organisations are created by the operator on this installation (SELF_SERVICE_SIGNUP is off).',
    );
    expect((await new Browser(ctx.url).post('/auth/sign-up', { email: 'new@example.com' })).status).toBe(403);
  });
});
