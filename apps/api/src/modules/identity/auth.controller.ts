import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { consoleOrigin } from './browser-gate';
import { IdentityError } from './identity.errors';
import { PasswordResetService } from './password-reset.service';
import { MembersService } from './members.service';
import { DomainError } from '../../infra/errors';
import { clearSessionCookie, flowSetCookie, flowStateOf, sessionSetCookie, sessionTokenOf } from './session-cookie';
import { SignUpService } from './sign-up.service';
import { SsoService } from './sso.service';
import { type RequestMeta, SessionsService } from './sessions.service';
import { type SessionIssued, SignInService } from './sign-in.service';

const signInBody = z.object({ email: z.string().max(320), password: z.string().max(1024) });
const codeBody = z.object({ code: z.string().max(16) });
const emailBody = z.object({ email: z.string().max(320) });
const resetBody = z.object({ token: z.string().max(128), password: z.string().max(1024) });
const signUpBody = z.object({
  token: z.string().max(128),
  name: z.string().max(1024).optional(),
  password: z.string().max(1024),
});
const acceptBody = z.object({
  token: z.string().max(128),
  name: z.string().max(1024).optional(),
  password: z.string().max(1024).optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw IdentityError.badInput(issue.path.join('.') || 'body', issue.message);
}

const metaOf = (req: Request): RequestMeta => ({ ip: req.ip, userAgent: req.get('user-agent') });

/** What a browser posts to sign in and out (JSON; behind BrowserGate). */
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionsService,
    private readonly members: MembersService,
    private readonly resets: PasswordResetService,
    private readonly sso: SsoService,
    private readonly signUps: SignUpService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('sign-in')
  @HttpCode(200)
  async withPassword(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown) {
    const { email, password } = parse(signInBody, body);
    return issue(res, await this.signIn.withPassword(email, password, metaOf(req)));
  }

  @Post('sign-in/second-factor')
  @HttpCode(200)
  async secondFactor(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown) {
    const { code } = parse(codeBody, body);
    return issue(res, await this.signIn.withSecondFactor(sessionTokenOf(req.headers.cookie), code, metaOf(req)));
  }

  @Post('sign-out')
  @HttpCode(200)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const ended = await this.sessions.endByToken(sessionTokenOf(req.headers.cookie));
    res.setHeader('Set-Cookie', clearSessionCookie());
    return { signedOut: ended !== null };
  }

  /** Single sign-on: to the organisation's identity provider, the flow bound to this browser by a cookie. */
  @Get('oidc/:slug/start')
  async startSso(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    const origin = consoleOrigin(this.config, req);
    try {
      const { url, state } = await this.sso.start(slug.slice(0, 100), origin);
      res.setHeader('Set-Cookie', flowSetCookie(state));
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, url);
    } catch (err) {
      backToSignIn(res, origin, err);
    }
  }

  /** The provider sends the browser back here; signed in, it goes on to the console. */
  @Get('oidc/callback')
  async ssoCallback(@Req() req: Request, @Res() res: Response) {
    const origin = consoleOrigin(this.config, req);
    res.setHeader('Cache-Control', 'no-store');
    try {
      const issued = await this.sso.callback(
        new URL(req.originalUrl, origin),
        flowStateOf(req.headers.cookie),
        metaOf(req),
      );
      res.setHeader('Set-Cookie', [flowSetCookie(''), sessionSetCookie(issued.token, issued.maxAgeMs)]);
      res.redirect(303, `${issued.origin}/`);
    } catch (err) {
      res.setHeader('Set-Cookie', flowSetCookie(''));
      backToSignIn(res, origin, err);
    }
  }

  /** Self-service sign-up: mails a link that proves the address (the answer is the same either way). */
  @Post('sign-up')
  @HttpCode(202)
  async signUp(@Req() req: Request, @Body() body: unknown) {
    const { email } = parse(emailBody, body);
    await this.signUps.request(email, consoleOrigin(this.config, req));
    return { requested: true };
  }

  /** The account of a proven address, signed in (acting in no organisation until it starts or joins one). */
  @Post('sign-up/complete')
  @HttpCode(200)
  async completeSignUp(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown) {
    const { token, name, password } = parse(signUpBody, body);
    return issue(res, await this.signUps.complete(token, name ?? '', password, metaOf(req)));
  }

  /** Mails a reset link if the address has an account; the answer is the same either way. */
  @Post('password-reset/request')
  @HttpCode(202)
  async requestPasswordReset(@Req() req: Request, @Body() body: unknown) {
    const { email } = parse(emailBody, body);
    await this.resets.request(email, consoleOrigin(this.config, req));
    return { requested: true };
  }

  /** A new password by a reset link; every session of the account ends (sign in afterwards). */
  @Post('password-reset')
  @HttpCode(200)
  async resetPassword(@Body() body: unknown) {
    const { token, password } = parse(resetBody, body);
    await this.resets.complete(token, password);
    return { reset: true };
  }

  /** Joins an organisation by invitation, creating the account if needed, and signs in. */
  @Post('invitations/accept')
  @HttpCode(200)
  async acceptInvitation(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown) {
    const input = parse(acceptBody, body);
    const signedIn = await this.signedInUser(req);
    return issue(res, await this.members.accept(input.token, input, signedIn, metaOf(req)));
  }

  /** The user a valid session cookie names, if any (an ended one counts as none). */
  private async signedInUser(req: Request): Promise<string | null> {
    const token = sessionTokenOf(req.headers.cookie);
    if (!token) return null;
    return this.sessions.authenticate(token).then(
      (s) => s.userId,
      () => null,
    );
  }
}

function issue(res: Response, issued: SessionIssued) {
  res.setHeader('Set-Cookie', sessionSetCookie(issued.token, issued.maxAgeMs));
  res.setHeader('Cache-Control', 'no-store');
  return { secondFactorRequired: issued.secondFactorRequired };
}

/** A browser mid-redirect gets the sign-in page with what went wrong, never a JSON error page. */
function backToSignIn(res: Response, origin: string, err: unknown): void {
  if (!(err instanceof DomainError)) throw err;
  res.redirect(303, `${origin}/sign-in?error=${encodeURIComponent(`${err.code}: ${err.message}`)}`);
}
