// The one module that reads the help desk's Key Vault (issue 24): secrets the directory names
// (a mailbox's secretRef), read with the app's managed identity, which holds Key Vault Secrets
// User on the vault (infra/modules/key-vault.bicep). new SecretClient(vaultUrl, credential) and
// (await getSecret(name)).value as in the Azure-Samples Node.js app
// (Azure-Samples/msdocs-nodejs-mongodb-azure-sample-app, config/keyvault.js); the vault URL is the
// vault's "DNS Name" (SecretClient constructor, learn.microsoft.com .NET API reference), which
// the Bicep's vaultUri output is. Without a version the latest is read, so a new version of the
// password counts from the next run.
import { SecretClient } from '@azure/keyvault-secrets';
import { DomainError } from '../domain/errors';
import type { SecretReader } from '../domain/ports';
import { trimmedSecret } from './folder-secrets';

export class KeyVaultSecrets implements SecretReader {
  private readonly client: SecretClient;

  constructor(vaultUrl: string, credential: ConstructorParameters<typeof SecretClient>[1]) {
    this.client = new SecretClient(vaultUrl, credential);
  }

  async read(name: string): Promise<string> {
    try {
      const secret = await this.client.getSecret(name);
      if (secret.value === undefined) throw new DomainError('not_found', `The Key Vault secret '${name}' has no value`);
      return trimmedSecret(secret.value);
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404) throw new DomainError('not_found', `There is no secret '${name}' in the help desk's Key Vault: set it with az keyvault secret set (README, Deploy to Azure)`);
      if (status === 403) throw new DomainError('unavailable', `The help desk may not read the Key Vault secret '${name}': its identity needs Key Vault Secrets User on the vault`);
      throw new DomainError('unavailable', `The help desk's Key Vault could not be read (secret '${name}'): ${(err as Error).message}`);
    }
  }
}
