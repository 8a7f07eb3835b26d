import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../generated/prisma/enums';

export const REQUIRED_ROLE = 'kubeward:required-role';

/** The least role that may call this resolver; VIEWER when absent. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export const ORG_WIDE = 'kubeward:org-wide';

/** Only organisation-wide roles may call this resolver: it acts on the whole organisation, not a team's clusters. */
export const RequireOrgWide = () => SetMetadata(ORG_WIDE, true);
