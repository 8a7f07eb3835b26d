import { KubeConfig } from '@kubernetes/client-node';
import { Agent } from './agent';
import { Collector } from './collect/collector';
import { AgentConfigError, loadAgentConfig } from './config';
import { createLogger } from './log';
import { Pusher } from './push/pusher';

/** `kubeward-agent [--once] [--api-url URL] [--token-file PATH] [--kubeconfig PATH] [--interval S]` */
async function main(): Promise<number> {
  const config = loadAgentConfig();
  const log = createLogger(config.logLevel);
  const kubeConfig = new KubeConfig();
  if (config.kubeconfig) kubeConfig.loadFromFile(config.kubeconfig);
  else kubeConfig.loadFromCluster();
  const agent = new Agent(
    new Collector(kubeConfig, log),
    new Pusher(
      { apiUrl: config.apiUrl, token: config.tokenFile ? { file: config.tokenFile } : { value: config.token! } },
      log,
    ),
    log,
  );

  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      stop.abort();
    });
  }
  if (config.once) {
    const result = await agent.runOnce(stop.signal);
    return result.push.status === 'accepted' || result.push.status === 'duplicate' ? 0 : 1;
  }
  while (!stop.signal.aborted) {
    try {
      await agent.runOnce(stop.signal);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'cycle failed');
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, config.intervalSeconds * 1000);
      stop.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    const message = err instanceof AgentConfigError ? err.message : `${err.name}: ${err.message}`;
    console.error(JSON.stringify({ level: 'fatal', component: 'kubeward-agent', msg: message }));
    process.exit(1);
  },
);
