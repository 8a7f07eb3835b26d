import { SEVERITIES } from '@kubeward/rules';
import { z } from 'zod';

/** An organisation's settings, stored as JSON on its row; data applied around the engine. */
export const organizationSettings = z.object({
  trustedRegistries: z.array(z.string().min(1).max(253)).max(100).default([]),
  minimalImages: z.array(z.string().min(1).max(253)).max(100).default([]),
  immutableTagImages: z.array(z.string().min(1).max(253)).max(100).default([]),
  severityOverrides: z.record(z.string(), z.enum(SEVERITIES)).default({}),
  alertOnPlatformFindings: z.boolean().default(false),
  /** Days without a workload running as it after which a powerful service account is dormant. */
  dormantAccountDays: z.number().int().min(1).max(3650).default(30),
});

export type OrganizationSettings = z.infer<typeof organizationSettings>;

export const parseSettings = (json: unknown): OrganizationSettings => organizationSettings.parse(json ?? {});
