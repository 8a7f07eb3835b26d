import { loadManifests } from '@kubeward/agent/manifests';

/**
 * The environment the agent's Deployment gives Node (NODE_OPTIONS, MALLOC_ARENA_MAX): the
 * benchmarks measure the agent as installed.
 */
export function deployedRuntimeEnv(): Record<string, string> {
  const deployment = loadManifests().find((d) => d.kind === 'Deployment')!;
  const env = deployment.spec.template.spec.containers[0].env as { name: string; value?: string }[];
  return Object.fromEntries(
    env
      .filter((e) => (e.name === 'NODE_OPTIONS' || e.name === 'MALLOC_ARENA_MAX') && e.value !== undefined)
      .map((e) => [e.name, e.value!]),
  );
}
