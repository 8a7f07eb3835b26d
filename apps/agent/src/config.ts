import { parseArgs } from 'node:util';
import en from 'zod/v4/locales/en.js';
// The tree-shakable build: classic zod is ~0.7 MB of the agent's bundle and ~13 MiB of its memory.
import * as z from 'zod/mini';

// zod/mini carries no messages of its own; English ones name what is wrong.
z.config(en());

const integer = (min: number, max: number, fallback: number) =>
  z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(min), z.maximum(max))), fallback);
const nonEmpty = () => z.optional(z.string().check(z.minLength(1)));

const schema = z
  .object({
    apiUrl: z.url({ protocol: /^https?$/ }),
    /** Plain http sends the token in clear: only when asked for (a test or a cluster-local API). */
    allowHttp: z.boolean(),
    tokenFile: nonEmpty(),
    token: nonEmpty(),
    kubeconfig: nonEmpty(),
    once: z.boolean(),
    /** `watch`: push changes as they happen; `interval`: list everything every interval. */
    mode: z._default(z.enum(['watch', 'interval']), 'watch'),
    /** Interval mode: how often to collect. Watch mode: how often to heartbeat when nothing changed. */
    intervalSeconds: integer(1, Number.MAX_SAFE_INTEGER, 300),
    debounceMs: integer(0, 60_000, 1000),
    maxDelayMs: integer(0, 600_000, 5000),
    resyncSeconds: integer(60, Number.MAX_SAFE_INTEGER, 3600),
    healthPort: integer(0, 65535, 8080),
    pushMaxAttempts: integer(1, 20, 8),
    pushRetryBaseMs: integer(10, Number.MAX_SAFE_INTEGER, 1000),
    logLevel: z._default(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  })
  .check(
    z.refine((c) => c.maxDelayMs >= c.debounceMs, {
      path: ['maxDelayMs'],
      message: 'must be at least the debounce (KUBEWARD_DEBOUNCE_MS)',
    }),
    z.refine((c) => c.allowHttp || !c.apiUrl.startsWith('http:'), {
      path: ['apiUrl'],
      message:
        'plain http would send the agent token in clear: use an https URL, or set KUBEWARD_ALLOW_HTTP=true (--allow-http) for a test or cluster-local API',
    }),
  );

export type AgentConfig = z.output<typeof schema>;

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
