import { describe, expect, it } from 'vitest';
import { AgentConfigError, loadAgentConfig } from './config';

const env = { KUBEWARD_TOKEN_FILE: '/var/run/kubeward/token' };

describe('loadAgentConfig', () => {
  it('takes an https API URL', () => {
    const config = loadAgentConfig([], { ...env, KUBEWARD_API_URL: 'https://kubeward.acme.example' });
    expect(config).toMatchObject({ apiUrl: 'https://kubeward.acme.example', allowHttp: false });
  });

  it('refuses a plain http API URL, which would send the token in clear, unless allowed', () => {
    const http = { ...env, KUBEWARD_API_URL: 'http://kubeward.acme.example' };
    expect(() => loadAgentConfig([], http)).toThrow(AgentConfigError);
    expect(() => loadAgentConfig([], http)).toThrow(/apiUrl: plain http would send the agent token in clear/);
    expect(loadAgentConfig([], { ...http, KUBEWARD_ALLOW_HTTP: 'true' }).allowHttp).toBe(true);
    expect(loadAgentConfig(['--allow-http'], http).apiUrl).toBe('http://kubeward.acme.example');
    // Anything but "true" is not an explicit yes.
    expect(() => loadAgentConfig([], { ...http, KUBEWARD_ALLOW_HTTP: '1' })).toThrow(/plain http/);
  });

  it('names every invalid setting and never echoes a value', () => {
    try {
      loadAgentConfig([], { KUBEWARD_API_URL: 'ftp://secret-host.example', KUBEWARD_INTERVAL_SECONDS: '0' });
      expect.unreachable();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/apiUrl/);
      expect(message).toMatch(/intervalSeconds/);
      expect(message).not.toContain('secret-host');
    }
  });

  it('watches by default; the interval mode, debounce and resync are settings', () => {
    const base = { ...env, KUBEWARD_API_URL: 'https://kubeward.acme.example' };
    expect(loadAgentConfig([], base)).toMatchObject({
      mode: 'watch',
      debounceMs: 1000,
      maxDelayMs: 5000,
      resyncSeconds: 3600,
    });
    expect(loadAgentConfig(['--mode', 'interval', '--resync', '600'], base)).toMatchObject({
      mode: 'interval',
      resyncSeconds: 600,
    });
    expect(() => loadAgentConfig(['--mode', 'poll'], base)).toThrow(/mode: Invalid option/);
    expect(() => loadAgentConfig([], { ...base, KUBEWARD_DEBOUNCE_MS: '9000' })).toThrow(
      /maxDelayMs: must be at least the debounce/,
    );
  });
});
