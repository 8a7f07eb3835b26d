import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { FakeKube } from '@kubeward/fake-kube';

/** One Pod with one privileged container: a CRITICAL privileged-container finding at 9:9. */
export const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: nginx:1.27.3
      securityContext:
        privileged: true
`;

/** Runs `fn` with the kubeconfig of a fake API server holding `manifests`, stopped afterwards. */
export async function withFakeCluster<T>(
  manifests: string[],
  fn: (kubeconfig: string, kube: FakeKube) => Promise<T>,
): Promise<T> {
  const kube = new FakeKube();
  kube.load(manifests.map((m) => parse(m) as Record<string, unknown>));
  await kube.start();
  try {
    const kubeconfig = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-kubeconfig-')), 'kubeconfig');
    writeFileSync(kubeconfig, kube.kubeconfig());
    return await fn(kubeconfig, kube);
  } finally {
    await kube.stop();
  }
}
