import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../generated/prisma/enums';

export const REQUIRED_ROLE = 'kubeward:required-role';

/** The least role that may call this resolver; VIEWER when absent. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
