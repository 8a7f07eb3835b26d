import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { MailModule } from '../../infra/mail/mail.module';
import { AuthModule } from '../auth/auth.module';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { BrowserGate, SignInAttemptLimiter } from './browser-gate';
import { MembersResolver, ViewerResolver } from './identity.resolver';
import { MembersService } from './members.service';
import { PasswordResetService } from './password-reset.service';
import { SessionsModule } from './sessions.module';
import { SignedInGuard } from './signed-in.guard';
import { SignInService } from './sign-in.service';
import { SignUpService } from './sign-up.service';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SsoResolver } from './sso.resolver';
import { SsoService } from './sso.service';

/** People: sign-in, sessions, members and invitations (docs/identity.md). */
@Module({
  imports: [AuthModule, MailModule, SessionsModule, OrganizationsModule],
  controllers: [AuthController],
  providers: [
    AccountService,
    BrowserGate,
    MembersResolver,
    MembersService,
    PasswordResetService,
    SignInAttemptLimiter,
    SignInService,
    SignUpService,
    SignedInGuard,
    SsoService,
    SsoResolver,
    ViewerResolver,
  ],
})
export class IdentityModule implements NestModule {
  constructor(private readonly gate: BrowserGate) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(...this.gate.handlers()).forRoutes({ path: 'auth/*path', method: RequestMethod.POST });
    // A navigation carries no CSRF header; its state cookie and single-use state protect it.
    consumer.apply(this.gate.budget()).forRoutes({ path: 'auth/oidc/*path', method: RequestMethod.GET });
  }
}
