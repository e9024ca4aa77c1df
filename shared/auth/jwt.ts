// Staff bearer tokens: the only module that imports jose. A verifier turns a token into a
// principal; the application maps the principal to an agent. Entra ID tokens plug in here as
// another StaffTokenVerifier, without touching the functions.
import { SignJWT, jwtVerify, errors } from 'jose';
import { DomainError } from '../domain/errors';

export interface Principal {
  email: string | null;
  objectId: string | null;
}

export interface StaffTokenVerifier {
  verify(token: string): Promise<Principal>;
}

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
