import { buildSnapshot, contentHash, looksSecret, normaliseWorkload, NormaliseError, validateSnapshot } from '../src';

const secretValues = [
  'hunter2-Very-Secret',
  'AKIAIOSFODNN7EXAMPLE',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIE',
  'postgres://app:s3cr3t@db:5432/app',
];

const deployment = {
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop', uid: 'u1', labels: { app: 'api' } },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'api',
            image: 'ghcr.io/acme/api:1.2.3',
            env: [
              { name: 'DB_PASSWORD', value: secretValues[0] },
              { name: 'AWS_ACCESS_KEY_ID', value: secretValues[1] },
              { name: 'TLS_KEY', value: secretValues[2] },
              { name: 'DATABASE_URL', value: secretValues[3] },
              { name: 'LOG_LEVEL', value: 'debug' },
              { name: 'TOKEN_TTL', value: '3600' },
              { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
            ],
            securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } },
          },
        ],
        initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/migrate:1.2.3' }],
      },
    },
  },
};

describe('normaliseWorkload', () => {
  it('keeps what rules need and never an env literal value', () => {
    const w = normaliseWorkload(deployment);
    const json = JSON.stringify(w);
    for (const value of secretValues) expect(json).not.toContain(value.slice(0, 12));
    const env = w.podSpec.containers[0]!.env;
    expect(env.map((e) => [e.name, e.source, e.looksSecret])).toEqual([
      ['DB_PASSWORD', 'literal', true],
      ['AWS_ACCESS_KEY_ID', 'literal', true],
      ['TLS_KEY', 'literal', true],
      ['DATABASE_URL', 'literal', true],
      ['LOG_LEVEL', 'literal', false],
      ['TOKEN_TTL', 'literal', false],
      ['API_TOKEN', 'secretKeyRef', undefined],
    ]);
    expect(w.podSpec.containers.map((c) => `${c.type}[${c.index}] ${c.name}`)).toEqual([
      'containers[0] api',
      'initContainers[0] migrate',
    ]);
    expect(w.podSpec.containers[0]!.securityContext).toEqual({
      privileged: true,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
    });
  });

  it('names the object when it cannot be normalised', () => {
    expect(() =>
      normaliseWorkload({ kind: 'Deployment', metadata: { name: 'broken', namespace: 'x' }, spec: {} }),
    ).toThrow(new NormaliseError('Deployment x/broken', 'has no pod spec'));
  });
});

describe('looksSecret', () => {
  it.each([
    ['PASSWORD', 'x9!kq', true],
    ['GITHUB', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', true],
    ['PASSWORD_FILE', '/run/secrets/pw', false],
    ['AUTH_ENABLED', 'true', false],
    ['GREETING', 'hello', false],
  ])('%s=%s → %s', (name, value, expected) => expect(looksSecret(name, value)).toBe(expected));
});

describe('buildSnapshot and validateSnapshot', () => {
  const opts = { snapshotId: 'snap-000001', collectedAt: '2026-01-01T00:00:00Z', agentVersion: '0.1.0' };

  it('skips malformed objects with their name and keeps the rest', () => {
    const { snapshot, skipped } = buildSnapshot(
      [deployment, { kind: 'Pod', metadata: { namespace: 'x' }, spec: {} }],
      opts,
    );
    expect(snapshot.workloads.map((w) => w.name)).toEqual(['api']);
    expect(skipped.map((e) => e.message)).toEqual(['Pod x/?: metadata.name is missing']);
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual({ ok: true, snapshot });
  });

  it('hashes content, not the id or time it was taken', () => {
    const a = buildSnapshot([deployment], opts).snapshot;
    const b = buildSnapshot([deployment], {
      ...opts,
      snapshotId: 'snap-000002',
      collectedAt: '2026-02-01T00:00:00Z',
    }).snapshot;
    expect(contentHash(a)).toBe(contentHash(b));
    const changed = buildSnapshot(
      [{ ...deployment, metadata: { ...deployment.metadata, name: 'api2' } }],
      opts,
    ).snapshot;
    expect(contentHash(changed)).not.toBe(contentHash(a));
  });

  it('names the path of each problem', () => {
    const { snapshot } = buildSnapshot([deployment], opts);
    const bad = JSON.parse(JSON.stringify(snapshot));
    bad.workloads[0].podSpec.containers[0].image = 42;
    delete bad.collectedAt;
    const result = validateSnapshot(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.path)).toEqual(['collectedAt', 'workloads[0].podSpec.containers[0].image']);
    }
  });
});
