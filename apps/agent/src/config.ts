import { parseArgs } from 'node:util';
import { z } from 'zod';

const schema = z
  .object({
    apiUrl: z.url({ protocol: /^https?$/ }),
    /** Plain http sends the token in clear: only when asked for (a test or a cluster-local API). */
    allowHttp: z.boolean(),
    tokenFile: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    kubeconfig: z.string().min(1).optional(),
    once: z.boolean(),
    /** `watch`: push changes as they happen; `interval`: list everything every interval. */
    mode: z.enum(['watch', 'interval']).default('watch'),
    /** Interval mode: how often to collect. Watch mode: how often to heartbeat when nothing changed. */
    intervalSeconds: z.coerce.number().int().min(1).default(300),
    debounceMs: z.coerce.number().int().min(0).max(60_000).default(1000),
    maxDelayMs: z.coerce.number().int().min(0).max(600_000).default(5000),
    resyncSeconds: z.coerce.number().int().min(60).default(3600),
    healthPort: z.coerce.number().int().min(0).max(65535).default(8080),
    pushMaxAttempts: z.coerce.number().int().min(1).max(20).default(8),
    pushRetryBaseMs: z.coerce.number().int().min(10).default(1000),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((c) => c.maxDelayMs >= c.debounceMs, {
    path: ['maxDelayMs'],
    message: 'must be at least the debounce (KUBEWARD_DEBOUNCE_MS)',
  })
  .refine((c) => c.allowHttp || !c.apiUrl.startsWith('http:'), {
    path: ['apiUrl'],
    message:
      'plain http would send the agent token in clear: use an https URL, or set KUBEWARD_ALLOW_HTTP=true (--allow-http) for a test or cluster-local API',
  });

export type AgentConfig = z.infer<typeof schema>;

export class AgentConfigError extends Error {
  override name = 'AgentConfigError';
}

/** Flags win over environment variables; the error names every invalid setting (never a value). */
export function loadAgentConfig(argv = process.argv.slice(2), env = process.env): AgentConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      'api-url': { type: 'string' },
      'token-file': { type: 'string' },
      kubeconfig: { type: 'string' },
      once: { type: 'boolean', default: false },
      interval: { type: 'string' },
      mode: { type: 'string' },
      resync: { type: 'string' },
      'health-port': { type: 'string' },
      'allow-http': { type: 'boolean' },
    },
  });
  const parsed = schema.safeParse({
    apiUrl: values['api-url'] ?? env.KUBEWARD_API_URL,
    allowHttp: values['allow-http'] ?? env.KUBEWARD_ALLOW_HTTP === 'true',
    tokenFile: values['token-file'] ?? env.KUBEWARD_TOKEN_FILE,
    token: env.KUBEWARD_TOKEN,
    kubeconfig: values.kubeconfig ?? env.KUBECONFIG,
    once: values.once ?? false,
    mode: values.mode ?? env.KUBEWARD_MODE,
    intervalSeconds: values.interval ?? env.KUBEWARD_INTERVAL_SECONDS,
    debounceMs: env.KUBEWARD_DEBOUNCE_MS,
    maxDelayMs: env.KUBEWARD_MAX_DELAY_MS,
    resyncSeconds: values.resync ?? env.KUBEWARD_RESYNC_SECONDS,
    healthPort: values['health-port'] ?? env.KUBEWARD_HEALTH_PORT,
    pushMaxAttempts: env.KUBEWARD_PUSH_MAX_ATTEMPTS,
    pushRetryBaseMs: env.KUBEWARD_PUSH_RETRY_BASE_MS,
    logLevel: env.LOG_LEVEL,
  });
  if (!parsed.success) {
    throw new AgentConfigError(
      `Invalid agent configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  if (!parsed.data.tokenFile && !parsed.data.token) {
    throw new AgentConfigError('Invalid agent configuration:\n  token: set KUBEWARD_TOKEN_FILE (or KUBEWARD_TOKEN)');
  }
  return parsed.data;
}
