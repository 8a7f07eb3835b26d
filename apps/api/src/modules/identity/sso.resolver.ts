import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ApiKeyGuard, type GqlContext } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireOrgWide, RequireRole } from '../auth/require-role.decorator';
import { consoleOrigin } from './browser-gate';
import { IdentityProviderInput, IdentityProviderObject } from './dto/identity.objects';
import type { GroupMapping } from './sso-access';
import { SsoService } from './sso.service';

type Row = NonNullable<Awaited<ReturnType<SsoService['get']>>>;

/** The organisation's single sign-on. */
@Resolver()
@UseGuards(ApiKeyGuard)
export class SsoResolver {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sso: SsoService,
  ) {}

  private view(row: Row, req: GqlContext['req']): IdentityProviderObject {
    const origin = consoleOrigin(this.config, req);
    return {
      issuer: row.issuer,
      clientId: row.clientId,
      hasClientSecret: row.clientSecretCiphertext !== null,
      allowedDomains: row.allowedDomains,
      groupsClaim: row.groupsClaim,
      groupMappings: (row.groupMappings as unknown as GroupMapping[]).map((m) => ({ ...m, teamId: m.teamId ?? null })),
      defaultRole: row.defaultRole,
      enabled: row.enabled,
      signInUrl: `${origin}/auth/oidc/${row.organization.slug}/start`,
      redirectUri: this.sso.redirectUri(origin),
    };
  }

  @Query(() => IdentityProviderObject, { nullable: true, description: 'The single sign-on provider, if any. Admins.' })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  async identityProvider(
    @Context() { req }: GqlContext,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IdentityProviderObject | null> {
    const row = await this.sso.get(principal);
    return row && this.view(row, req);
  }

  @Mutation(() => IdentityProviderObject, {
    description: 'Sets up single sign-on (the issuer is discovered now: a wrong one is refused). Owners.',
  })
  @RequireRole('OWNER')
  @RequireOrgWide()
  async configureIdentityProvider(
    @Context() { req }: GqlContext,
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The provider.' }) input: IdentityProviderInput,
  ): Promise<IdentityProviderObject> {
    const groupMappings = input.groupMappings?.map((m) => ({ ...m, role: m.role as GroupMapping['role'] }));
    return this.view(await this.sso.configure(principal, { ...input, groupMappings }), req);
  }

  @Mutation(() => Boolean, { description: 'Turns single sign-on off for good (members keep their accounts). Owners.' })
  @RequireRole('OWNER')
  @RequireOrgWide()
  removeIdentityProvider(@CurrentPrincipal() principal: Principal): Promise<boolean> {
    return this.sso.remove(principal);
  }
}
