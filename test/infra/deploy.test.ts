// `deploy` and `teardown` end to end against the recording stand-in for `az`
// (test/support/fake-az, first on PATH): the exact commands, their order, the refusals. The
// seeding step really writes to a local Cosmos DB (behind an HTTPS proxy, since bearer tokens
// need TLS) with the token the stand-in hands to AzureCliCredential.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { build } from 'esbuild';
import { startLocalCosmos, type LocalCosmos } from '../../local/cosmos-server';
import { CosmosStore } from '../../shared/store/cosmos';
import { ROOT } from './bicep';

const FAKE_AZ = join(ROOT, 'test', 'support', 'fake-az');
const OUT = join(ROOT, 'dist', 'test-infra');
const OPERATOR_ID = '11111111-2222-3333-4444-555555555555';
const APP_ID = '99999999-8888-7777-6666-555555555555';
const LOCAL_KEY = 'bG9jYWwtZW11bGF0b3Itb25seQ==';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  calls: string[][];
}

let work: string;
let cosmos: LocalCosmos;
let proxy: Server;
let cosmosHttps: string;
let store: CosmosStore;
let certFile: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'helpdesk-infra-'));
  chmodSync(join(FAKE_AZ, 'az'), 0o755);
  // The commands as they run for an operator, compiled here so the test does not depend on a tsc run.
  await build({
    entryPoints: [join(ROOT, 'scripts', 'deploy.ts'), join(ROOT, 'scripts', 'teardown.ts')],
    outdir: OUT, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error',
  });

  cosmos = await startLocalCosmos({ port: 0, dataDir: null });
  store = new CosmosStore({ endpoint: cosmos.endpoint, database: 'helpdesk', key: LOCAL_KEY });
  await store.ensureSchema();

  const keyFile = join(work, 'key.pem');
  certFile = join(work, 'cert.pem');
  const openssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (openssl.status !== 0) throw new Error(`openssl could not make a test certificate: ${openssl.stderr}`);
  proxy = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    const upstream = httpRequest({ host: '127.0.0.1', port: cosmos.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  cosmosHttps = `https://127.0.0.1:${address.port}/`;
}, 60_000);

afterAll(async () => {
  store?.dispose();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await cosmos?.stop();
  rmSync(work, { recursive: true, force: true });
});

let runCount = 0;

async function run(script: 'deploy' | 'teardown', args: string[], env: Record<string, string> = {}): Promise<Run> {
  const log = join(work, `calls-${++runCount}.jsonl`);
  const child = spawn(process.execPath, [join(OUT, `${script}.js`), ...args], {
    cwd: ROOT,
    // stdin is a pipe, not a terminal: as in CI or under `| tee`.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: `${FAKE_AZ}${delimiter}${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? work,
      FAKE_AZ_LOG: log,
      FAKE_AZ_OUTPUTS: JSON.stringify({ COSMOS_ENDPOINT: cosmosHttps }),
      NODE_EXTRA_CA_CERTS: certFile,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end();
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { args: string[] }).args) : [];
  return { code, stdout, stderr, calls };
}

/** The call without --output, with a Graph body elided and a temporary file's path as <file>, for readable expectations. */
const shape = (args: string[]): string =>
  args
    .filter((a, i) => a !== '--output' && args[i - 1] !== '--output')
    .map((a, i, all) => (all[i - 1] === '--body' ? `<${Object.keys(JSON.parse(a) as object).join(',')}>` : all[i - 1] === '--file' ? '<file>' : a))
    .join(' ');

/** The fake tenant's app registrations, service principals and Key Vaults after a run (FAKE_AZ_STATE). */
const tenantState = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as { apps: Record<string, any>[]; sps: { appId: string }[]; vaults: { name: string; deleted: boolean; secrets: Record<string, string> }[]; secretSets?: string[] };
/** The function app's Key Vault reference calls (App Service REST API), for the environment `env`. */
const SITE = (env: string) => `https://management.azure.com/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-${env}/providers/Microsoft.Web/sites/func-helpdesk-abc123/config/configreferences/appsettings`;
const REFERENCE_STATUS = (env: string) => `rest --method GET --uri ${SITE(env)}/HELPDESK_SECRET?api-version=2024-11-01`;
const REFERENCE_REFRESH = (env: string) => `rest --method POST --uri ${SITE(env)}/refresh?api-version=2024-11-01`;
const GRAPH_APP = 'rest --method PATCH --uri https://graph.microsoft.com/v1.0/applications/12121212-3434-5656-7878-909090909090 --headers Content-Type=application/json --body';

describe('deploy', () => {
  it('--help explains the command and calls nothing', async () => {
    const r = await run('deploy', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run deploy -- --env <name> --location <region>/);
    expect(r.calls).toEqual([]);
  });

  it('refuses bad usage in one line with exit code 2', async () => {
    const usages = [['--location', 'swedencentral'], ['--env', 'dev'], ['--env', 'dev', '--location', 'swedencentral', '--colour'], ['--env', 'Bad Name!', '--location', 'x']];
    const answers = [];
    for (const args of usages) {
      const r = await run('deploy', args);
      answers.push({ args, code: r.code, lines: r.stderr.trim().split('\n').length, error: r.stderr.startsWith('error: '), calls: r.calls });
    }
    expect(answers).toEqual(usages.map((args) => ({ args, code: 2, lines: 1, error: true, calls: [] })));
  });

  it('refuses clearly when the Azure CLI is not logged in, before doing anything', async () => {
    const r = await run('deploy', ['--env', 'dev', '--location', 'swedencentral'], { FAKE_AZ_LOGGED_OUT: '1' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not logged in: run `az login`/);
    expect(r.calls.map(shape)).toEqual(['account show']);
    expect(r.stdout).not.toMatch(/Provisioning/);
  });

  it('checks the sign-in, creates and completes the app registration, provisions, deploys the bundle and seeds the first admin, in that order', async () => {
    const state = join(work, 'tenant-dev.json');
    const r = await run('deploy', ['--env', 'dev', '--location', 'swedencentral'], { FAKE_AZ_STATE: state });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.calls.map(shape)).toEqual([
      'account show',
      'ad signed-in-user show',
      // The prerequisites, read-only: nothing is created before they all hold.
      'ad app list --display-name helpdesk-api-dev',
      'provider list',
      'functionapp list-flexconsumption-locations',
      `role assignment list --assignee ${OPERATOR_ID} --scope /subscriptions/00000000-1111-2222-3333-444444444444 --include-inherited --include-groups`,
      'rest --method GET --uri https://graph.microsoft.com/v1.0/policies/authorizationPolicy',
      'ad app list --display-name helpdesk-api-dev',
      'ad app create --display-name helpdesk-api-dev --sign-in-audience AzureADMyOrg',
      `ad app show --id ${APP_ID}`,
      `${GRAPH_APP} <identifierUris>`,
      `${GRAPH_APP} <api>`, // the scope and v2 tokens
      `${GRAPH_APP} <api>`, // then the Azure CLI pre-authorised for that scope
      `${GRAPH_APP} <appRoles>`,
      `ad sp list --filter appId eq '${APP_ID}'`,
      `ad sp create --id ${APP_ID}`,
      `deployment sub create --name helpdesk-dev --location swedencentral --template-file ${join(ROOT, 'infra', 'main.bicep')} --parameters environmentName=dev location=swedencentral principalId=${OPERATOR_ID} principalType=User entraApiClientId=${APP_ID}`,
      // Once the site's host name is known: the console's redirect URI.
      `ad app show --id ${APP_ID}`,
      `${GRAPH_APP} <spa>`,
      `ad sp list --filter appId eq '${APP_ID}'`,
      // The help-desk secret: none yet, so one is written (from a file, never on the command line),
      // and the app's reference, resolved when the secret was not there, is refreshed.
      'keyvault secret list --vault-name kv-dev-abc123',
      'keyvault secret set --vault-name kv-dev-abc123 --name helpdesk-secret --file <file> --encoding utf-8',
      REFERENCE_STATUS('dev'),
      REFERENCE_REFRESH('dev'),
      REFERENCE_STATUS('dev'),
      `functionapp deployment source config-zip --resource-group rg-dev --name func-helpdesk-abc123 --src ${join(ROOT, 'dist', 'deploy', 'app.zip')}`,
      // AzureCliCredential asks for a Cosmos DB token: the seeding runs as the operator.
      `account get-access-token --resource ${cosmosHttps.replace(/\/$/, '')}`,
    ]);
    // What a sign-in needs is now on the registration.
    const [app] = tenantState(state).apps;
    const scope = app!.api.oauth2PermissionScopes.find((x: { value: string }) => x.value === 'access_as_user');
    expect(app).toMatchObject({
      identifierUris: [`api://${APP_ID}`],
      api: { requestedAccessTokenVersion: 2, preAuthorizedApplications: [{ appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', delegatedPermissionIds: [scope.id] }] },
      appRoles: [expect.objectContaining({ value: 'Helpdesk.Automation', allowedMemberTypes: ['Application'], isEnabled: true })],
      spa: { redirectUris: ['https://func-helpdesk-abc123.azurewebsites.net/staff'] },
    });
    expect(scope).toMatchObject({ type: 'User', isEnabled: true });
    expect(tenantState(state).sps).toEqual([expect.objectContaining({ appId: APP_ID })]);
    expect(r.stdout).toContain('Agent console:  https://func-helpdesk-abc123.azurewebsites.net/staff (Sign in with Microsoft)');
    expect(r.stdout).toMatch(/\[1\/9\] Checking the Azure CLI sign-in/);
    expect(r.stdout).toMatch(/\[7\/9\] Keeping the help-desk secret in Key Vault kv-dev-abc123/);
    expect(r.stdout).toMatch(/\[9\/9\] Seeding the directory/);
    // The secret is in the vault, 32 random bytes, and nowhere in what the deploy printed or ran.
    const secret = tenantState(state).vaults.find((v) => v.name === 'kv-dev-abc123')!.secrets['helpdesk-secret']!;
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect([r.stdout.includes(secret), r.stderr.includes(secret), JSON.stringify(r.calls).includes(secret)]).toEqual([false, false, false]);
    expect(r.stdout).toContain('created helpdesk-secret (32 random bytes; shown nowhere)');
    // How mail gets in: the webhook and the command that reads its function key.
    expect(r.stdout).toContain('https://func-helpdesk-abc123.azurewebsites.net/api/inbound/email');
    expect(r.stdout).toContain('az functionapp function keys list --resource-group rg-dev --name func-helpdesk-abc123 --function-name inbound-email');
    expect(r.stdout).toContain('API base URL:   https://func-helpdesk-abc123.azurewebsites.net/api');
    expect(r.stdout).toContain('npm run teardown -- --env dev');
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour without a terminal

    const directory = await store.directoryEntries.load();
    expect(directory.agents).toEqual([
      expect.objectContaining({ email: 'olivia@contoso.example', name: 'Olivia Operator', entraObjectId: OPERATOR_ID, isAdmin: true, roleId: 'all-access' }),
    ]);
    // The first administrator sees every department.
    const [olivia] = directory.agents;
    expect([olivia!.departmentId, ...olivia!.extendedAccess.map((g) => g.departmentId)].sort()).toEqual(directory.departments.map((d) => d.id).sort());
    expect(r.stdout).toMatch(/first admin olivia@contoso\.example \(olivia, created\)/);

    // The package: host.json, package.json whose main is the bundle's entry, the entry (and its chunks).
    const zip = readFileSync(join(ROOT, 'dist', 'deploy', 'app.zip'));
    const names = [...zip.toString('latin1').matchAll(/PK\x01\x02[\s\S]{42}(host\.json|package\.json|index\.mjs|chunks\/[\w-]+\.mjs)/g)].map((m) => m[1]);
    expect(names.slice(0, 3)).toEqual(['host.json', 'package.json', 'index.mjs']);
    expect(names.slice(3)).toContainEqual(expect.stringMatching(/^chunks\/composition-/));
    expect(JSON.parse(readFileSync(join(ROOT, 'dist', 'deploy', 'app', 'package.json'), 'utf8'))).toMatchObject({ main: 'index.mjs' });
  });

  it('re-running updates in place: same deployment, the app registration found and left alone, nothing seeded twice', async () => {
    const r = await run('deploy', ['--env', 'dev', '--location', 'swedencentral', '--admin-email', 'ops@contoso.example'], {
      FAKE_AZ_STATE: join(work, 'tenant-dev.json'),
    });
    expect(r.code).toBe(0);
    const calls = r.calls.map(shape);
    expect(calls.some((c) => c.startsWith('ad app create'))).toBe(false);
    // A re-run changes nothing that is already right: no Graph change, and the help-desk secret is
    // found and kept (rotating it would break every link already e-mailed); its reference resolves.
    expect(calls.filter((c) => /^rest --method (PATCH|POST|PUT)/.test(c) || c.startsWith('ad sp create') || c.startsWith('keyvault secret set'))).toEqual([]);
    expect(calls.filter((c) => c.startsWith('keyvault') || c.includes('configreferences'))).toEqual(['keyvault secret list --vault-name kv-dev-abc123', REFERENCE_STATUS('dev')]);
    const state = tenantState(join(work, 'tenant-dev.json'));
    expect(state.secretSets).toEqual(['helpdesk-secret']);
    expect(r.stdout).toContain('helpdesk-secret is there already: kept as it is');
    expect(r.stdout).toMatch(/found helpdesk-api-dev \(.*\); complete/);
    expect(calls.filter((c) => c.startsWith('deployment sub create --name helpdesk-dev '))).toHaveLength(1);
    expect(r.stdout).toMatch(/found helpdesk-api-dev/);
    const directory = await store.directoryEntries.load();
    // Exactly one first administrator: a re-run with another e-mail adds nobody.
    expect(directory.agents.map((a) => a.email)).toEqual(['olivia@contoso.example']);
    expect(r.stdout).toMatch(/0 directory entries created; an administrator exists already \(olivia\); ops@contoso\.example was not added/);
  });
});

describe('deployed by a workflow signed in as a service principal (OIDC)', () => {
  it('gives its service principal the data roles and the automation app role, and makes it the first admin', async () => {
    const state = join(work, 'tenant-ci.json');
    const env = { FAKE_AZ_AS_SP: 'abababab-0000-4000-8000-000000000001', FAKE_AZ_STATE: state };
    const r = await run('deploy', ['--env', 'ci', '--location', 'swedencentral', '--skip-seed'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const calls = r.calls.map(shape);
    expect(calls).toContain('ad sp show --id abababab-0000-4000-8000-000000000001');
    expect(calls).not.toContain('ad signed-in-user show');
    expect(calls.find((c) => c.startsWith('deployment sub create'))).toMatch(/principalId=77777777-6666-5555-4444-333333333333 principalType=ServicePrincipal /);
    const grant = 'rest --method POST --uri https://graph.microsoft.com/v1.0/servicePrincipals/34343434-5656-7878-9090-121212121212/appRoleAssignedTo --headers Content-Type=application/json --body <principalId,resourceId,appRoleId>';
    expect(calls.filter((c) => c === grant)).toHaveLength(1);
    const app = tenantState(state).apps[0]!;
    const roleId = app.appRoles.find((x: { value: string }) => x.value === 'Helpdesk.Automation').id;
    expect((tenantState(state) as unknown as { assignments: unknown[] }).assignments).toEqual([
      { principalId: '77777777-6666-5555-4444-333333333333', resourceId: '34343434-5656-7878-9090-121212121212', appRoleId: roleId },
    ]);
    // A re-run grants nothing twice.
    const again = await run('deploy', ['--env', 'ci', '--location', 'swedencentral', '--skip-seed'], env);
    expect(again.code).toBe(0);
    expect(again.calls.map(shape).filter((c) => c === grant)).toEqual([]);
  });
});

describe('mail from a domain of your own (--mail-domain)', () => {
  const DOMAIN_ID = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-mail/providers/Microsoft.Communication/emailServices/ecs-abc123/domains/help.contoso.com';
  const outputs = JSON.stringify({
    COSMOS_ENDPOINT: 'https://cosmos-abc123.documents.azure.com:443/',
    MAIL_DOMAIN_RESOURCE_ID: DOMAIN_ID,
    MAIL_DOMAIN_RECORDS: {
      Domain: { type: 'TXT', name: 'help.contoso.com', value: 'ms-domain-verification=abc', ttl: 3600 },
      SPF: { type: 'TXT', name: 'help.contoso.com', value: 'v=spf1 include:spf.protection.outlook.com -all', ttl: 3600 },
    },
  });
  const deploy = (env: Record<string, string>) => run('deploy', ['--env', 'mail', '--location', 'swedencentral', '--skip-seed', '--mail-domain', 'help.contoso.com'], { FAKE_AZ_OUTPUTS: outputs, ...env });
  const verifications = (calls: string[][]) => calls.map(shape).filter((c) => c.includes('/initiateVerification?'));
  const provisioning = (calls: string[][]) => calls.map(shape).find((c) => c.startsWith('deployment sub create'))!;

  it('a first run adds the domain unlinked, prints the DNS records to create, and keeps sending from the managed domain', async () => {
    const r = await deploy({ FAKE_AZ_NO_DEPLOYMENT: '1' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(provisioning(r.calls)).toMatch(/ mailDomain=help\.contoso\.com mailDomainVerified=false$/);
    expect(r.stdout).toContain('mail keeps going out from the Azure-managed domain until help.contoso.com is verified');
    expect(r.stdout).toContain('Domain TXT help.contoso.com ms-domain-verification=abc (TTL 3600)');
    expect(r.stdout).toContain('SPF    TXT help.contoso.com v=spf1 include:spf.protection.outlook.com -all (TTL 3600)');
    expect(verifications(r.calls)).toEqual([]);
  });

  it('a later run asks Azure to verify each record not verified yet', async () => {
    const r = await deploy({ FAKE_AZ_MAIL_DOMAIN_STATUS: 'NotStarted' });
    expect(r.code).toBe(0);
    expect(r.calls.map(shape)).toContain(`resource show --ids ${DOMAIN_ID}`);
    expect(provisioning(r.calls)).toMatch(/ mailDomainVerified=false$/);
    expect(verifications(r.calls)).toEqual(['Domain', 'SPF', 'DKIM', 'DKIM2'].map(() =>
      `rest --method POST --uri https://management.azure.com${DOMAIN_ID}/initiateVerification?api-version=2025-05-01 --headers Content-Type=application/json --body <verificationType>`));
    expect(r.stdout).toMatch(/verification: Domain NotStarted, SPF NotStarted, DKIM NotStarted, DKIM2 NotStarted/);
  });

  it('once verified, the domain is linked and mail goes out from it', async () => {
    const r = await deploy({ FAKE_AZ_MAIL_DOMAIN_STATUS: 'Verified' });
    expect(r.code).toBe(0);
    expect(provisioning(r.calls)).toMatch(/ mailDomain=help\.contoso\.com mailDomainVerified=true$/);
    expect(verifications(r.calls)).toEqual([]);
    expect(r.stdout).toContain('mail goes out from DoNotReply@help.contoso.com (verified and linked)');
  });

  it('refuses a --mail-domain that is not a domain name', async () => {
    const r = await run('deploy', ['--env', 'mail', '--location', 'swedencentral', '--mail-domain', 'not a domain']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--mail-domain must be a domain name such as help\.contoso\.com/);
  });
});

describe('whose mail counts as authentic (--trusted-authserv-ids)', () => {
  const provisioning = (calls: string[][]) => calls.map(shape).find((c) => c.startsWith('deployment sub create'))!;

  it('passes the mail service\'s authserv-ids to the app setting, and without the option none', async () => {
    const trusted = await run('deploy', ['--env', 'mailtrust', '--location', 'swedencentral', '--skip-seed', '--trusted-authserv-ids', 'MX.Contoso.com, mx2.contoso.com']);
    expect(trusted.code).toBe(0);
    expect(provisioning(trusted.calls)).toMatch(/ inboundTrustedAuthservIds=mx\.contoso\.com,mx2\.contoso\.com$/);
    const plain = await run('deploy', ['--env', 'mailtrust', '--location', 'swedencentral', '--skip-seed']);
    expect(provisioning(plain.calls)).not.toContain('inboundTrustedAuthservIds');
  });

  it('refuses anything but host names', async () => {
    const r = await run('deploy', ['--env', 'mailtrust', '--location', 'swedencentral', '--trusted-authserv-ids', 'mx.contoso.com; dmarc=pass']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--trusted-authserv-ids must be host names separated by commas/);
  });
});

describe('before anything is changed', () => {
  const changing = (calls: string[][]) => calls.map(shape).filter((c) => /^(ad app create|ad sp create|rest --method PATCH|deployment sub create|functionapp deployment)/.test(c));

  it('--what-if checks the prerequisites and previews with az deployment sub what-if, changing nothing', async () => {
    const r = await run('deploy', ['--env', 'preview', '--location', 'swedencentral', '--what-if']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(changing(r.calls)).toEqual([]);
    expect(r.calls.map(shape)).toContain(
      `deployment sub what-if --name helpdesk-preview --location swedencentral --template-file ${join(ROOT, 'infra', 'main.bicep')} --parameters environmentName=preview location=swedencentral principalId=${OPERATOR_ID} principalType=User entraApiClientId=`,
    );
    expect(r.stdout).toMatch(/the app registration helpdesk-api-preview does not exist yet: a deploy would create it/);
    expect(r.stdout).toContain('+ resourceGroups/rg-preview');
  });

  it('stops with every unmet prerequisite and the command that fixes it, exit code 5, nothing changed', async () => {
    const r = await run('deploy', ['--env', 'dev2', '--location', 'brazilsouth'], {
      FAKE_AZ_UNREGISTERED: 'Microsoft.App,Microsoft.Communication',
      FAKE_AZ_ROLES: 'Contributor',
      FAKE_AZ_CREATE_APPS: 'false',
    });
    expect(r.code).toBe(5);
    expect(changing(r.calls)).toEqual([]);
    expect(r.stderr).toContain('resource providers not registered: Microsoft.App, Microsoft.Communication; run az provider register --namespace Microsoft.App && az provider register --namespace Microsoft.Communication');
    expect(r.stderr).toContain('region brazilsouth does not offer Flex Consumption; pick one from: az functionapp list-flexconsumption-locations --output table');
    expect(r.stderr).toMatch(/you may not create role assignments on subscription .*User Access Administrator/);
    expect(r.stderr).toMatch(/you may not register applications in this tenant; .*--entra-api-client-id/);
    expect(r.stderr).toMatch(/error: 4 prerequisites are not met \(listed above\); nothing was changed/);
  });

  it('a region name written as the portal shows it still counts, and an existing registration needs no right to register apps', async () => {
    const r = await run('deploy', ['--env', 'dev3', '--location', 'eastus2', '--what-if'], {
      FAKE_AZ_FLEX_LOCATIONS: 'East US 2,Sweden Central',
      FAKE_AZ_CREATE_APPS: 'false',
      FAKE_AZ_APPS: JSON.stringify([{ appId: APP_ID, id: 'x', displayName: 'helpdesk-api-dev3' }]),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.calls.map(shape)).not.toContain('rest --method GET --uri https://graph.microsoft.com/v1.0/policies/authorizationPolicy');
    expect(r.calls.map(shape).find((c) => c.startsWith('deployment sub what-if'))).toMatch(new RegExp(`entraApiClientId=${APP_ID}$`));
  });
});

describe('deploy when Azure says no', () => {
  const STORAGE_403 = 'ERROR: Status Code: 400, Details: BlobUploadFailedException: Failed to upload blob to storage account: Response status code does not indicate success: 403 (This request is not authorized to perform this operation using this permission.).';

  it('retries the first package upload while the identity\'s new storage role propagates, then goes on', async () => {
    const r = await run('deploy', ['--env', 'dev', '--location', 'swedencentral', '--skip-seed'], {
      FAKE_AZ_FAIL: JSON.stringify({ 'functionapp deployment source config-zip': { times: 2, stderr: STORAGE_403 } }),
      DEPLOY_RETRY_INTERVAL_MS: '10',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.calls.map(shape).filter((c) => c.startsWith('functionapp deployment source config-zip'))).toHaveLength(3);
    expect(r.stdout.match(/cannot write the package container yet/g)).toHaveLength(2);
    expect(r.stdout).toContain('The help desk is deployed.');
  });

  it('does not retry an upload that fails for another reason, and says what failed', async () => {
    const r = await run('deploy', ['--env', 'dev', '--location', 'swedencentral', '--skip-seed'], {
      FAKE_AZ_FAIL: JSON.stringify({ 'functionapp deployment source config-zip': { stderr: 'ERROR: Deployment failed: the package is not a zip file' } }),
      DEPLOY_RETRY_INTERVAL_MS: '10',
    });
    expect(r.code).toBe(1);
    expect(r.calls.map(shape).filter((c) => c.startsWith('functionapp deployment source config-zip'))).toHaveLength(1);
    expect(r.stderr).toMatch(/az functionapp deployment source config-zip failed: Deployment failed: the package is not a zip file/);
    expect(r.stdout).not.toContain('The help desk is deployed.');
  });

  it('waits while the new Key Vault roles propagate: the operator\'s (writing the secret) and the app\'s (reading it)', async () => {
    const forbidden = 'ERROR: (Forbidden) Caller is not authorized to perform action on resource.\nCode: Forbidden\nInner error: {"code": "ForbiddenByRbac"}';
    const r = await run('deploy', ['--env', 'roles', '--location', 'swedencentral', '--skip-seed'], {
      FAKE_AZ_FAIL: JSON.stringify({ 'keyvault secret list': { times: 2, stderr: forbidden } }),
      FAKE_AZ_KV_REFERENCE_PENDING: '2',
      DEPLOY_RETRY_INTERVAL_MS: '10',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const calls = r.calls.map(shape);
    expect([calls.filter((c) => c.startsWith('keyvault secret list')).length, calls.filter((c) => c === REFERENCE_REFRESH('roles')).length]).toEqual([3, 3]);
    expect(r.stdout.match(/your new Key Vault role has not reached the vault yet/g)).toHaveLength(2);
    expect(r.stdout.match(/the function app cannot read the help-desk secret yet/g)).toHaveLength(2);
    expect(calls.indexOf(REFERENCE_REFRESH('roles'))).toBeLessThan(calls.findIndex((c) => c.includes('config-zip')));
  });

  it('stops with what to check when the app never gets to read its secret, before any package is uploaded', async () => {
    // A pause longer than the 5 minutes the deploy waits: it gives up after the first refresh.
    const r = await run('deploy', ['--env', 'denied', '--location', 'swedencentral', '--skip-seed'], { FAKE_AZ_KV_REFERENCE_PENDING: '1000', DEPLOY_RETRY_INTERVAL_MS: '600000' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read the help-desk secret \(HELPDESK_SECRET reference status AccessToKeyVaultDenied\): check that func-helpdesk-abc123's identity has Key Vault Secrets User on kv-denied-abc123/);
    expect(r.calls.some((c) => c.includes('config-zip'))).toBe(false);
  });

  it('stops when provisioning ends Failed, before any package is uploaded', async () => {
    const r = await run('deploy', ['--env', 'dev', '--location', 'swedencentral'], { FAKE_AZ_PROVISIONING_STATE: 'Failed' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the deployment ended Failed; see the deployment in the Azure portal/);
    expect(r.calls.some((c) => c.includes('config-zip'))).toBe(false);
  });

  it('the stand-in for az refuses a flag the real CLI does not have, so a misspelt flag fails here too', async () => {
    const log = join(work, 'flags.jsonl');
    const r = spawnSync(join(FAKE_AZ, 'az'), ['group', 'delete', '--name', 'rg-dev', '--confirm'], { encoding: 'utf8', env: { ...process.env, FAKE_AZ_LOG: log } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unrecognized arguments: --confirm/);
  });
});

describe('teardown', () => {
  it('--help explains the command and calls nothing', async () => {
    const r = await run('teardown', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run teardown -- --env <name> \[--yes\]/);
    expect(r.calls).toEqual([]);
  });

  it('refuses when not logged in', async () => {
    const r = await run('teardown', ['--env', 'dev', '--yes'], { FAKE_AZ_LOGGED_OUT: '1' });
    expect(r.code).toBe(3);
    expect(r.calls.map(shape)).toEqual(['account show']);
  });

  it('never deletes without confirmation: no terminal and no --yes refuses, and nothing is deleted', async () => {
    const r = await run('teardown', ['--env', 'dev'], { FAKE_AZ_APPS: JSON.stringify([{ appId: APP_ID, id: 'x' }]) });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/refusing to delete environment dev without confirmation/);
    expect(r.calls.map(shape)).toEqual(['account show', 'group exists --name rg-dev', 'ad app list --display-name helpdesk-api-dev']);
    expect(r.calls.some((c) => c.includes('delete'))).toBe(false);
  });

  it('with --yes purges the workspace, deletes the group, purges its Key Vault, deletes the app registration and the deployment record', async () => {
    const r = await run('teardown', ['--env', 'dev', '--yes'], {
      FAKE_AZ_APPS: JSON.stringify([{ appId: APP_ID, id: 'x' }]),
      FAKE_AZ_VAULTS: JSON.stringify([{ name: 'kv-dev-abc123', resourceGroup: 'rg-dev', location: 'swedencentral' }, { name: 'kv-other', resourceGroup: 'rg-other', location: 'swedencentral', deleted: true }]),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.calls.map(shape)).toEqual([
      'account show',
      'group exists --name rg-dev',
      'ad app list --display-name helpdesk-api-dev',
      'monitor log-analytics workspace list --resource-group rg-dev',
      'monitor log-analytics workspace delete --resource-group rg-dev --workspace-name log-abc123 --force true --yes',
      'group delete --name rg-dev --yes',
      // Deleting the group soft-deleted the vault: purged, so the name is free again. Another
      // environment's deleted vault is not this teardown's business.
      'keyvault list-deleted --resource-type vault',
      'keyvault purge --name kv-dev-abc123 --location swedencentral',
      `ad app delete --id ${APP_ID}`,
      'deployment sub delete --name helpdesk-dev',
    ]);
    expect(r.stdout).toMatch(/Key Vault kv-dev-abc123 purged/);
    expect(r.stdout).toMatch(/Environment dev is deleted/);
  });

  it('purges a vault an earlier teardown left deleted, even once the group is gone', async () => {
    const r = await run('teardown', ['--env', 'dev', '--yes'], {
      FAKE_AZ_GROUP_EXISTS: 'false',
      FAKE_AZ_VAULTS: JSON.stringify([{ name: 'kv-dev-abc123', resourceGroup: 'rg-dev', location: 'swedencentral', deleted: true }]),
    });
    expect(r.code).toBe(0);
    expect(r.calls.map(shape).filter((c) => c.startsWith('keyvault'))).toEqual(['keyvault list-deleted --resource-type vault', 'keyvault purge --name kv-dev-abc123 --location swedencentral']);
    expect(r.calls.map(shape)).not.toContain('group delete --name rg-dev --yes');
  });

  it('deploy, teardown, deploy again with the same name: the purge frees the vault name, and the new vault gets a new secret', async () => {
    const state = join(work, 'tenant-cycle.json');
    const env = { FAKE_AZ_STATE: state };
    const first = await run('deploy', ['--env', 'cycle', '--location', 'swedencentral', '--skip-seed'], env);
    expect(first.code).toBe(0);
    const before = tenantState(state).vaults[0]!.secrets['helpdesk-secret'];
    const down = await run('teardown', ['--env', 'cycle', '--yes'], env);
    expect(down.code).toBe(0);
    expect(tenantState(state).vaults).toEqual([]);
    const again = await run('deploy', ['--env', 'cycle', '--location', 'swedencentral', '--skip-seed'], env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const after = tenantState(state).vaults[0]!.secrets['helpdesk-secret'];
    expect([after, after === before]).toEqual([expect.stringMatching(/^[\w-]{43}$/), false]);
  });

  it('says so and deletes nothing when the environment does not exist', async () => {
    const r = await run('teardown', ['--env', 'gone', '--yes'], { FAKE_AZ_GROUP_EXISTS: 'false' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/nothing to delete/);
    expect(r.calls.some((c) => c.includes('delete'))).toBe(false);
  });
});
