import { z } from 'zod';
import { issueDevToken } from '../../shared/auth/jwt';
import { services } from '../../shared/services';
import { notFound } from '../../shared/domain/errors';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';

// Local development only: the console's one-click sign-in lists the active agents (GET) and signs a
// development token for the one chosen (POST). Anyone who can reach this route can act as any
// agent, so it must never exist in Azure: it is registered only when the configuration says
// AUTH_MODE=development outside Azure (developmentSignIn in shared/config.ts), and each request checks the loaded
// configuration again, which refuses development mode in Azure altogether.

/** As long as `npm run token` signs by default. */
const LIFETIME_SECONDS = 12 * 3600;

const Body = z.object({ email: z.string().trim().toLowerCase().max(320).regex(/^[^\s@]+@[^\s@]+$/, { message: 'must be an agent e-mail address' }) }).strict();

export async function authDevSignIn(request: HttpRequest): Promise<HttpResponseInit> {
  const { config, directory } = await services();
  if (config.auth.mode !== 'development' || !config.auth.devTokenSecret) throw notFound('Development sign-in exists only when AUTH_MODE=development');
  const agents = (await directory.load()).agents.filter((a) => a.active);
  if (request.method === 'GET') {
    return json(200, { agents: agents.map((a) => ({ email: a.email, name: a.name, isAdmin: a.isAdmin })) }, { 'cache-control': 'no-store' });
  }
  const { email } = await readJson(request, Body);
  const agent = agents.find((a) => a.email.toLowerCase() === email);
  if (!agent) throw notFound(`No active agent has the address ${email}; GET /api/auth/dev-sign-in lists them`);
  const token = await issueDevToken(config.auth.devTokenSecret, agent.email, LIFETIME_SECONDS);
  return json(200, { token, expiresOn: new Date(Date.now() + LIFETIME_SECONDS * 1000).toISOString(), email: agent.email, name: agent.name }, { 'cache-control': 'no-store' });
}
