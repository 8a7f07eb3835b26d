import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { AddressPolicy, AddressRefused } from '../webhooks/address-policy';

/** The longest Kubeward waits on an identity provider (discovery, keys, token, userinfo). */
const TIMEOUT_MS = 10_000;

/**
 * fetch for requests to identity providers: an organisation's admin chooses the issuer, so it
 * gets what webhooks get (public addresses only, unless allow-listed, checked on the address
 * actually connected to), a timeout, and no redirects.
 */
export function guardedFetch(policy: AddressPolicy) {
  const dispatcher = new Agent({ connect: { lookup: policy.lookup } });
  return async (url: string, options: { method?: string; headers?: unknown; body?: unknown; signal?: AbortSignal }) => {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !policy.trustsHost(host)) {
      const reason = policy.refusal(host);
      if (reason) throw new AddressRefused(reason);
    }
    const response = await undiciFetch(url, {
      method: options.method,
      headers: options.headers as Record<string, string>,
      body: options.body as string | undefined,
      redirect: 'manual',
      dispatcher,
      signal: options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(TIMEOUT_MS)])
        : AbortSignal.timeout(TIMEOUT_MS),
    });
    return response as unknown as Response;
  };
}
