// Staff bearer tokens: the only module that imports jose. A verifier turns a token into a
// principal; the application maps the principal to an agent. Entra ID tokens plug in here as
// another StaffTokenVerifier, without touching the functions.
import { SignJWT, createRemoteJWKSet, jwtVerify, errors } from 'jose';
import { DomainError } from '../domain/errors';
import type { Principal, StaffTokenVerifier } from '../domain/ports';
import { AUTOMATION_ROLE } from './client-config';

const DEV_ISSUER = 'helpdesk-local';
const DEV_AUDIENCE = 'helpdesk-api';

function unauthenticated(message: string): DomainError {
  return new DomainError('unauthenticated', message);
}

/** Development tokens: HS256, signed with the local secret. Never accepted in Azure (AUTH_MODE=entra). */
export class DevTokenVerifier implements StaffTokenVerifier {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['HS256'] });
      const email = typeof payload['email'] === 'string' ? payload['email'] : null;
      if (!email) throw unauthenticated('The token names no agent (no email claim)');
      return { email, objectId: null };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (err instanceof errors.JWTExpired) throw unauthenticated('The token has expired; get a new one with `npm run token -- <e-mail>`');
      throw unauthenticated('The bearer token is not valid');
    }
  }
}

export async function issueDevToken(secret: string, email: string, lifetimeSeconds = 12 * 3600): Promise<string> {
  return new SignJWT({ email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(email)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}

/** Stands in where no verifier is configured: every token is refused, with the reason. */
export class RejectingVerifier implements StaffTokenVerifier {
  constructor(private readonly reason: string) {}
  async verify(): Promise<Principal> {
    throw unauthenticated(this.reason);
  }
}

// ------------------------------------------------------------------ Microsoft Entra ID

export interface EntraOptions {
  tenantId: string;
  /** The API app registration's client id; tokens must name it (or api://<it>) as audience. */
  clientId: string;
  /** Where the tenant publishes its signing keys; tests point it at a key set served on loopback. */
  jwksUrl?: string;
  /** How long to wait for the key set (5 s unless a test needs less). */
  jwksTimeoutMs?: number;
}

/** Entra's clocks and ours may differ a little; a minute is plenty and keeps expiry meaningful. */
const ENTRA_CLOCK_TOLERANCE_SECONDS = 60;

const claim = (payload: Record<string, unknown>, name: string): string | null => {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
};

/**
 * Access tokens issued by the operator's Entra tenant for the API's app registration (v2 tokens:
 * set `requestedAccessTokenVersion` to 2 in the app's manifest). The signature is checked against
 * the tenant's published keys, fetched on first use and again when a token names an unknown key
 * (Entra rotates keys); issuer, audience, expiry and tenant are checked too. Development tokens
 * (HS256) are refused by the algorithm list before anything else.
 */
export class EntraTokenVerifier implements StaffTokenVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  private readonly issuer: string;
  private readonly audience: string[];

  constructor(private readonly options: EntraOptions) {
    this.issuer = `https://login.microsoftonline.com/${options.tenantId}/v2.0`;
    this.audience = [options.clientId, `api://${options.clientId}`];
    const url = options.jwksUrl ?? `https://login.microsoftonline.com/${options.tenantId}/discovery/v2.0/keys`;
    this.keys = createRemoteJWKSet(new URL(url), { timeoutDuration: options.jwksTimeoutMs ?? 5_000 });
  }

  async verify(token: string): Promise<Principal> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['RS256'],
        clockTolerance: ENTRA_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'oid', 'tid'],
      }));
    } catch (err) {
      throw this.explain(err);
    }
    if (payload['tid'] !== this.options.tenantId) throw unauthenticated('The token was issued for another tenant');
    // Two kinds of token count. A user's delegated token carries `scp`. An application's own
    // token (client credentials) carries `roles` and no `scp`: it counts only with the automation
    // app role, and then only as the agent an administrator mapped to that service principal.
    if (!claim(payload, 'scp')) {
      const roles = Array.isArray(payload['roles']) ? payload['roles'] : [];
      if (!roles.includes(AUTOMATION_ROLE)) {
        throw unauthenticated(`The token is neither a user's delegated token (no scp claim) nor an application token with the ${AUTOMATION_ROLE} app role`);
      }
      return { objectId: claim(payload, 'oid'), email: null, application: true };
    }
    // `preferred_username` is the sign-in name (usually the e-mail); `email` is present when the
    // optional claim is configured. Either only serves the first sign-in; the object id is what
    // identifies the agent from then on.
    const email = [claim(payload, 'preferred_username'), claim(payload, 'email'), claim(payload, 'upn')].find((v) => v?.includes('@')) ?? null;
    return { objectId: claim(payload, 'oid'), email };
  }

  private explain(err: unknown): DomainError {
    if (err instanceof errors.JWTExpired) return unauthenticated('The token has expired; sign in again');
    if (err instanceof errors.JWTClaimValidationFailed) {
      if (err.claim === 'aud') return unauthenticated(`The token was not issued for this API (audience must be ${this.audience.join(' or ')})`);
      if (err.claim === 'iss') return unauthenticated(`The token was not issued by this tenant (issuer must be ${this.issuer})`);
      return unauthenticated(`The token's ${err.claim} claim is not acceptable: ${err.reason}`);
    }
    if (err instanceof errors.JOSEAlgNotAllowed) return unauthenticated('Only Microsoft Entra ID tokens (RS256) are accepted here; development tokens and other algorithms are not');
    if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed) {
      return unauthenticated('The token is not signed by a key of this tenant');
    }
    // The key set could not be fetched (timeout, refused, not 200): our side's trouble, not the token's.
    const network = !(err instanceof errors.JOSEError) && /^(E[A-Z]+|UND_ERR\w*)$/.test(String((err as { code?: unknown }).code));
    if (network || err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC')) {
      return new DomainError('unavailable', 'The sign-in keys of the Entra tenant could not be fetched; try again shortly');
    }
    return unauthenticated('The bearer token is not valid');
  }
}
