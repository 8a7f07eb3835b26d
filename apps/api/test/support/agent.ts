import { KubeConfig } from '@kubernetes/client-node';
import type { FakeKube } from '@kubeward/fake-kube';
import pino from 'pino';
import { Agent } from '../../../agent/src/agent';
import { Collector, type CollectOptions } from '../../../agent/src/collect/collector';
import { Pusher } from '../../../agent/src/push/pusher';

/** The real agent (collector and pusher, quiet) for a fake cluster, pushing to `apiUrl` with a cluster token. */
export function agentFor(kube: FakeKube, apiUrl: string, agentToken: string, collect: CollectOptions = {}): Agent {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(kube.kubeconfig());
  const log = pino({ level: 'silent' });
  return new Agent(
    new Collector(kubeConfig, log, collect),
    new Pusher({ apiUrl, token: { value: agentToken }, maxAttempts: 3, baseDelayMs: 10 }, log),
    log,
  );
}
