// What the deploy changes on an app registration, and what it keeps: the pure planning step.
import { AZURE_CLI_APP_ID, registrationPatches, type GraphApplication } from '../../../scripts/lib/app-registration';

const ids = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-00000000000${++n}`;
};
const bare: GraphApplication = { id: 'obj', appId: 'app-1', identifierUris: [], api: null, appRoles: [], spa: null };

/** Applies the patches one by one, as the deploy does (each computed from the state after the last). */
function settle(app: GraphApplication, redirectUri: string | null): { app: GraphApplication; patches: string[] } {
  const newId = ids();
  const patches: string[] = [];
  for (let p = registrationPatches(app, { redirectUri, newId })[0]; p; p = registrationPatches(app, { redirectUri, newId })[0]) {
    patches.push(p.what);
    app = { ...app, ...p.body } as GraphApplication;
    if (patches.length > 10) throw new Error('does not settle');
  }
  return { app, patches };
}

test('a bare registration gets its URI, the scope with v2 tokens, the Azure CLI pre-authorised, the app role and the redirect', () => {
  const { app, patches } = settle(bare, 'https://x.azurewebsites.net/staff');
  expect(patches).toEqual(['application ID URI', 'scope access_as_user and v2 tokens', 'Azure CLI pre-authorised', 'app role Helpdesk.Automation', 'console redirect URI']);
  expect(app.identifierUris).toEqual(['api://app-1']);
  const scope = app.api!.oauth2PermissionScopes![0]!;
  expect(app.api).toMatchObject({ requestedAccessTokenVersion: 2, preAuthorizedApplications: [{ appId: AZURE_CLI_APP_ID, delegatedPermissionIds: [scope.id] }] });
  expect(registrationPatches(app, { redirectUri: 'https://x.azurewebsites.net/staff' })).toEqual([]);
});

test('what an administrator added is kept: other scopes, other pre-authorised clients, other roles and redirects', () => {
  const other = { id: 'scope-other', value: 'read_reports', type: 'Admin' as const, isEnabled: true, adminConsentDisplayName: 'r', adminConsentDescription: 'r', userConsentDisplayName: 'r', userConsentDescription: 'r' };
  const { app } = settle(
    {
      ...bare,
      identifierUris: ['https://contoso.example/helpdesk'],
      api: { requestedAccessTokenVersion: 1, oauth2PermissionScopes: [other], preAuthorizedApplications: [{ appId: 'teams', delegatedPermissionIds: ['scope-other'] }] },
      appRoles: [{ id: 'r1', value: 'Reports.Read', allowedMemberTypes: ['User'], displayName: 'r', description: 'r', isEnabled: true }],
      spa: { redirectUris: ['http://localhost:7071/staff'] },
    },
    'https://x.azurewebsites.net/staff',
  );
  expect(app.identifierUris).toEqual(['https://contoso.example/helpdesk', 'api://app-1']);
  expect(app.api!.oauth2PermissionScopes!.map((s) => s.value)).toEqual(['read_reports', 'access_as_user']);
  expect(app.api!.preAuthorizedApplications!.map((p) => p.appId)).toEqual(['teams', AZURE_CLI_APP_ID]);
  expect(app.appRoles!.map((r) => r.value)).toEqual(['Reports.Read', 'Helpdesk.Automation']);
  expect(app.spa!.redirectUris).toEqual(['http://localhost:7071/staff', 'https://x.azurewebsites.net/staff']);
});

test('a disabled scope is enabled again under its own id, so tokens and consents that name it stay valid', () => {
  const { app } = settle(bare, null);
  const scope = app.api!.oauth2PermissionScopes![0]!;
  const disabled = { ...app, api: { ...app.api, oauth2PermissionScopes: [{ ...scope, isEnabled: false }] } };
  const again = settle(disabled, null).app;
  expect(again.api!.oauth2PermissionScopes).toEqual([{ ...scope, isEnabled: true }]);
});
