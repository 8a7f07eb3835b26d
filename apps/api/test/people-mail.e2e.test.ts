import { type MailServer, startMailServer } from '@kubeward/harness';
import { createTestContext, type TestContext } from './support/context';
import { Browser, refusal } from './support/browser';
import { clientFor } from './support/graphql';

const linkIn = (text: string, path: string) => {
  const match = text.match(new RegExp(`(http://\\S+/${path}#token=(\\S+))`));
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return { link: match[1]!, token: match[2]! };
};

/** Invitations and password resets through a real SMTP server. */
describe('people by mail', () => {
  let ctx: TestContext;
  let mail: MailServer;
  const PASSWORD = 'a long enough passphrase';

  beforeAll(async () => {
    mail = await startMailServer();
    ctx = await createTestContext(
      { SMTP_URL: mail.url, MAIL_FROM: 'Kubeward <kubeward@example.com>', SELF_SERVICE_SIGNUP: 'true' },
      { worker: false },
    );
  });
  afterAll(async () => {
    await ctx?.close();
    await mail?.stop();
  });

  async function invited(ownerKey: string, email: string) {
    const { createInvitation } = await clientFor(ctx.url, ownerKey).request<{
      createInvitation: { mailed: boolean; link: string | null };
    }>('mutation ($e: String!) { createInvitation(email: $e, access: { role: MEMBER }) { mailed link } }', {
      e: email,
    });
    expect(createInvitation).toEqual({ mailed: true, link: null });
    return mail.waitFor(email, (m) => m.subject === 'You are invited to Kubeward');
  }

  it('mails invitations (the link is not shown to the inviter) and the link works once', async () => {
    const { ownerKey } = await ctx.newOrg();
    const message = await invited(ownerKey, 'judy@example.com');
    expect(message.from).toBe('kubeward@example.com');
    expect(message.text).toContain('as MEMBER');
    const { token } = linkIn(message.text, 'accept-invitation');
    const browser = new Browser(ctx.url);
    expect((await browser.post('/auth/invitations/accept', { token, password: PASSWORD })).status).toBe(200);
    expect((await new Browser(ctx.url).post('/auth/invitations/accept', { token, password: PASSWORD })).status).toBe(
      400,
    );
  });

  it('resets a forgotten password by a single-use, expiring link, ending every session', async () => {
    const { ownerKey } = await ctx.newOrg();
    const { text } = await invited(ownerKey, 'kim@example.com');
    const signedIn = new Browser(ctx.url);
    await signedIn.post('/auth/invitations/accept', {
      token: linkIn(text, 'accept-invitation').token,
      password: PASSWORD,
    });

    const anon = new Browser(ctx.url);
    const unknown = await anon.post('/auth/password-reset/request', { email: 'nobody-here@example.com' });
    const known = await anon.post('/auth/password-reset/request', { email: 'KIM@example.com' });
    expect(unknown).toMatchObject({ status: 202, body: { requested: true } });
    expect(known).toEqual(unknown);
    const reset = await mail.waitFor('kim@example.com', (m) => m.subject === 'Reset your Kubeward password');
    expect(mail.received.filter((m) => m.to.includes('nobody-here@example.com'))).toEqual([]);
    const { token } = linkIn(reset.text, 'reset-password');

    expect((await anon.post('/auth/password-reset', { token, password: 'short' })).body.message).toBe(
      'password: must be at least 12 characters.',
    );
    const done = await anon.post('/auth/password-reset', { token, password: 'a brand new passphrase' });
    expect(done).toMatchObject({ status: 200, body: { reset: true } });
    expect(await refusal(signedIn.graphql('{ clusters { id } }'))).toBe(
      'UNAUTHENTICATED: Your session has ended (revoked); sign in again.',
    );
    expect((await anon.post('/auth/password-reset', { token, password: 'another new passphrase' })).body.message).toBe(
      'token: the reset link is unknown, used or expired; ask for a new one.',
    );
    expect((await anon.post('/auth/sign-in', { email: 'kim@example.com', password: PASSWORD })).status).toBe(401);
    expect(
      (await anon.post('/auth/sign-in', { email: 'kim@example.com', password: 'a brand new passphrase' })).status,
    ).toBe(200);

    // A link past its time is refused.
    await anon.post('/auth/password-reset/request', { email: 'kim@example.com' });
    const second = await mail.waitFor(
      'kim@example.com',
      (m) => m.subject.startsWith('Reset') && !m.text.includes(token),
    );
    const late = linkIn(second.text, 'reset-password').token;
    await ctx.sql.query(`UPDATE "PasswordReset" SET "expiresAt" = now() WHERE "usedAt" IS NULL`);
    expect((await anon.post('/auth/password-reset', { token: late, password: 'yet another passphrase' })).status).toBe(
      400,
    );
  });

  it('signs up by a mailed link that proves the address, then starts an organisation of one’s own', async () => {
    const anon = new Browser(ctx.url);
    expect(await anon.post('/auth/sign-up', { email: 'Liam@Example.com' })).toMatchObject({ status: 202 });
    const { text } = await mail.waitFor('liam@example.com', (m) => m.subject === 'Finish signing up to Kubeward');
    const { token } = linkIn(text, 'sign-up');
    expect((await anon.post('/auth/sign-up/complete', { token, password: 'short' })).body.message).toBe(
      'password: must be at least 12 characters.',
    );
    const done = await anon.post('/auth/sign-up/complete', { token, name: 'Liam', password: PASSWORD });
    expect(done).toMatchObject({ status: 200, body: { secondFactorRequired: false } });
    expect(
      (await anon.graphql<{ viewer: { current: null } }>('{ viewer { current { role } } }')).viewer.current,
    ).toBeNull();
    const started = await anon.graphql<{ startOrganization: { id: string; name: string } }>(
      'mutation { startOrganization(name: "Liam Co") { id name } }',
    );
    expect(started.startOrganization.name).toBe('Liam Co');
    const { me } = await anon.graphql<{ me: { role: string; organization: { id: string } } }>(
      '{ me { role organization { id } } }',
    );
    expect(me).toEqual({ role: 'OWNER', organization: { id: started.startOrganization.id } });
    // The link worked once; the address cannot sign up twice, and is told so by mail only.
    expect((await new Browser(ctx.url).post('/auth/sign-up/complete', { token, password: PASSWORD })).status).toBe(400);
    expect(await new Browser(ctx.url).post('/auth/sign-up', { email: 'liam@example.com' })).toMatchObject({
      status: 202,
    });
    await mail.waitFor('liam@example.com', (m) => m.subject === 'Your Kubeward account');
  });
});
