// A stand-in Entra tenant for unit tests: its own RSA keys, a key set served over real HTTP on
// loopback (which the test can make answer 500, bad JSON, or nothing), and access tokens minted
// with jose as Entra's v2 tokens look. Entra itself cannot run here; everything else is real.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';
import { EntraTokenVerifier } from '../../shared/auth/jwt';

export type KeySetAnswer = 'keys' | 'status-500' | 'bad-json' | 'no-keys' | 'silence';

export interface TenantKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
}

export async function tenantKey(kid: string): Promise<TenantKey> {
  return { kid, ...(await generateKeyPair('RS256')) };
}

export class FakeTenant {
  readonly tenantId = randomUUID();
  readonly clientId = randomUUID();
  readonly issuer = `https://login.microsoftonline.com/${this.tenantId}/v2.0`;
  /** What the key-set endpoint answers next; the keys it publishes. */
  answer: KeySetAnswer = 'keys';
  published: TenantKey[] = [];
  keySetRequests = 0;
  private server!: Server;
  private url!: string;

  static async start(): Promise<FakeTenant> {
    const tenant = new FakeTenant();
    tenant.published = [await tenantKey('key-1')];
    tenant.server = createServer((_req, res) => void tenant.serve(res));
    await new Promise<void>((resolve) => tenant.server.listen(0, '127.0.0.1', resolve));
    tenant.url = `http://127.0.0.1:${(tenant.server.address() as AddressInfo).port}/${tenant.tenantId}/discovery/v2.0/keys`;
    return tenant;
  }

  private async serve(res: import('node:http').ServerResponse): Promise<void> {
    this.keySetRequests++;
    if (this.answer === 'silence') return; // never answers; the socket stays open until the client gives up
    if (this.answer === 'status-500') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      return;
    }
    res.setHeader('content-type', 'application/json');
    if (this.answer === 'bad-json') return void res.end('{"keys": [');
    if (this.answer === 'no-keys') return void res.end(JSON.stringify({ value: [] }));
    const keys = await Promise.all(this.published.map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, alg: 'RS256', use: 'sig' })));
    res.end(JSON.stringify({ keys }));
  }

  /** The key set's address on loopback: what ENTRA_JWKS_URL names for a local stack in Entra mode. */
  get jwksUrl(): string {
    return this.url;
  }

  verifier(options: { jwksTimeoutMs?: number } = {}): EntraTokenVerifier {
    return new EntraTokenVerifier({ tenantId: this.tenantId, clientId: this.clientId, jwksUrl: this.url, ...options });
  }

  /**
   * An access token as Entra issues it for the API (v2, delegated), unless a test changes a claim;
   * a claim set to undefined is left out. Times are taken from Date, which tests may freeze.
   */
  token(claims: JWTPayload = {}, opts: { key?: TenantKey; alg?: string } = {}): Promise<string> {
    const key = opts.key ?? this.published[0]!;
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      iss: this.issuer,
      aud: this.clientId,
      iat: now,
      exp: now + 3600,
      tid: this.tenantId,
      oid: randomUUID(),
      preferred_username: 'jane@example.com',
      name: 'Jane Doe',
      scp: 'access_as_user',
      ver: '2.0',
      ...claims,
    };
    const present = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
    return new SignJWT(present).setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
