import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { Collector } from '@kubeward/agent/collector';
import type { ScanReport } from './scan';

/**
 * A live cluster's snapshot, listed read-only by the agent's collector (never a Secret). Loaded
 * only when --kubeconfig is given: the Kubernetes client is most of the CLI's start-up cost.
 */
export async function clusterInput(kubeconfig: string, now: string): Promise<Omit<ScanReport, 'result'>> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfig);
  const collected = await new Collector(kubeConfig, pino({ level: 'warn' }, pino.destination(2))).collect();
  const snapshot = collected.builder.build({
    snapshotId: 'kubeward-scan',
    collectedAt: now,
    agentVersion: 'cli',
    source: 'cluster',
    serverVersion: collected.serverVersion,
    notCollected: collected.notCollected,
  });
  return { snapshot, locations: new Map(), problems: [], skipped: [], suppressions: new Map() };
}
