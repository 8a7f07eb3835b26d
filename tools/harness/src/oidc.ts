import { exportJWK, generateKeyPair, type JWK, SignJWT, decodeJwt } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface OidcAccount {
  email: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface OidcProvider {
  /** The issuer, http://127.0.0.1:<port>: discovery at /.well-known/openid-configuration. */
  issuer: string;
  /** Accounts by the login a browser types at the provider's login form (its `sub`). */
  accounts: Map<string, OidcAccount>;
  /**
   * Rewrites the claims of the next ID tokens the token endpoint returns, re-signed with the
   * provider's own key (a token a compromised or misconfigured provider could issue); null: none.
   */
  tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on loopback: discovery, authorization code with PKCE,
 * signed ID tokens carrying email, name and groups, and its development login and consent forms
 * (any password; the login is the account).
 */
export async function startOidcProvider(clients: OidcClient[]): Promise<OidcProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'harness-1', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, OidcAccount>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['harness-cookie-key-0123456789abcdef'] },
    pkce: { required: () => true },
    // Scope claims in the ID token itself, as most enterprise providers put them.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email_verified: true, ...account }) };
    },
  });
  // Loopback http is fine here; the provider refuses it otherwise.
  provider.proxy = false;
  const handle = provider.callback();
  const result: OidcProvider = {
    issuer,
    accounts,
    tamper: null,
    stop: () => new Promise((r) => server.close(() => r())),
  };
  server.on('request', (req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/token') && result.tamper) {
      const tamper = result.tamper;
      interceptJson(res, async (body) => {
        if (typeof body.id_token !== 'string') return body;
        const claims = tamper(decodeJwt(body.id_token));
        const idToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: jwk.kid! }).sign(privateKey);
        return { ...body, id_token: idToken };
      });
    }
    void handle(req, res);
  });
  return result;
}

/** Holds back a JSON response's body until `rewrite` has changed it. */
function interceptJson(
  res: http.ServerResponse,
  rewrite: (body: Record<string, unknown>) => Promise<Record<string, unknown>>,
) {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = ((chunk: Buffer | string) => {
    chunks.push(Buffer.from(chunk));
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: Buffer | string | (() => void)) => {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
    const text = Buffer.concat(chunks).toString('utf8');
    void rewrite(JSON.parse(text) as Record<string, unknown>).then((body) => {
      const out = JSON.stringify(body);
      res.setHeader('content-length', Buffer.byteLength(out));
      write(out);
      end();
    });
    return res;
  }) as typeof res.end;
}
