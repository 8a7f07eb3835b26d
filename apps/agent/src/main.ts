import { KubeConfig } from '@kubernetes/client-node';
import { Agent } from './agent';
import { ClusterWatch } from './collect/cluster-watch';
import { Collector } from './collect/collector';
import { AgentConfigError, loadAgentConfig } from './config';
import { healthServer, listen } from './health';
import { createLogger } from './log';
import { delivered, Pusher, sleep } from './push/pusher';
import { WatchingAgent } from './watching-agent';

/**
 * `kubeward-agent [--once] [--mode watch|interval] [--api-url URL] [--token-file PATH]
 * [--kubeconfig PATH] [--interval S] [--resync S]`
 */
async function main(): Promise<number> {
  const config = loadAgentConfig();
  const log = createLogger(config.logLevel);
  const kubeConfig = new KubeConfig();
  if (config.kubeconfig) kubeConfig.loadFromFile(config.kubeconfig);
  else kubeConfig.loadFromCluster();
  const collector = new Collector(kubeConfig, log);
  const pusher = new Pusher(
    {
      apiUrl: config.apiUrl,
      token: { file: config.tokenFile, value: config.token },
      maxAttempts: config.pushMaxAttempts,
      baseDelayMs: config.pushRetryBaseMs,
    },
    log,
  );
  const agent = new Agent(collector, pusher, log);

  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      stop.abort();
    });
  }
  if (config.once) {
    const result = await agent.runOnce(stop.signal);
    // Peak memory is what a pod's limit must cover: worth a line in every one-off run.
    log.info(
      { status: result.push.status, peakRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6) },
      'done',
    );
    return delivered(result.push) ? 0 : 1;
  }

  const intervalMs = config.intervalSeconds * 1000;
  const health = healthServer(agent.status, { port: config.healthPort, intervalMs });
  const port = await listen(health, config.healthPort);
  log.info({ healthPort: port, mode: config.mode, intervalSeconds: config.intervalSeconds }, 'agent started');
  if (config.mode === 'watch') {
    // The watch tells the loop of changes; it only starts (and so only calls back) in `run`.
    const watching: WatchingAgent = new WatchingAgent(
      agent,
      new ClusterWatch(kubeConfig, collector, log, () => watching.changed()),
      pusher,
      log,
      collector.kube.endpoint,
      {
        debounceMs: config.debounceMs,
        maxDelayMs: config.maxDelayMs,
        heartbeatMs: intervalMs,
        resyncMs: config.resyncSeconds * 1000,
      },
    );
    await watching.run(stop.signal).catch((err: Error) => {
      if (!stop.signal.aborted) throw err;
    });
  }
  while (config.mode === 'interval' && !stop.signal.aborted) {
    try {
      await agent.runOnce(stop.signal);
    } catch (err) {
      if (!stop.signal.aborted) log.error({ err: (err as Error).message }, 'cycle failed');
    }
    await sleep(intervalMs, stop.signal);
  }
  await new Promise<void>((resolve) => health.close(() => resolve()));
  log.info('stopped');
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
