import pino from 'pino';

/** JSON logs. Nothing that could hold the token is ever passed to the logger. */
export const createLogger = (level = process.env.LOG_LEVEL ?? 'info') =>
  pino({ level, base: { component: 'kubeward-agent' }, timestamp: pino.stdTimeFunctions.isoTime });

export type Log = ReturnType<typeof createLogger>;
