// API keys of integrations (ApiKeyStore).
import { LEGACY_API_KEY_SCOPES, type ApiKey, type ApiKeyScope } from '../../domain/api-keys';
import type { ApiKeyStore } from '../../domain/ports';
import { API_KEYS } from '../containers';
import type { CosmosDatabase } from './client';

/** Keys stored before issue 18 have no `scopes`: they are read with both (LEGACY_API_KEY_SCOPES). */
type ApiKeyDoc = Omit<ApiKey, 'keyHash' | 'id' | 'scopes'> & { id: string; keyId: string; scopes?: ApiKeyScope[] };

function toDoc({ keyHash, id, ...rest }: ApiKey): ApiKeyDoc {
  return { ...rest, id: keyHash, keyId: id };
}

function fromDoc({ id, keyId, scopes, ...rest }: ApiKeyDoc): ApiKey {
  return { ...rest, scopes: scopes ?? [...LEGACY_API_KEY_SCOPES], keyHash: id, id: keyId };
}

/**
 * Stored with the key's hash as the document id (a point read per check) and the public id as
 * `keyId`; the hash never leaves this adapter except as ApiKey.keyHash.
 */
export function cosmosApiKeys(db: CosmosDatabase): ApiKeyStore {
  return {
    get: async (keyHash) => {
      const doc = await db.read<ApiKeyDoc>(API_KEYS.id, keyHash, keyHash, 'API key');
      return doc ? fromDoc(doc.value) : null;
    },
    create: async (key) => {
      await db.create<ApiKeyDoc>(API_KEYS.id, toDoc(key), 'API key');
    },
    list: async () => (await db.all<ApiKeyDoc>(API_KEYS.id, 'SELECT * FROM c', 'API keys')).map(fromDoc),
    remove: async (id) => {
      const [doc] = await db.all<ApiKeyDoc>(API_KEYS.id, { query: 'SELECT * FROM c WHERE c.keyId = @id', parameters: [{ name: '@id', value: id }] }, `API key ${id}`);
      if (doc === undefined) return null;
      // Not there any more: revoked by someone else meanwhile.
      return (await db.remove(API_KEYS.id, doc.id, doc.id, `API key ${id}`)) ? fromDoc(doc) : null;
    },
  };
}
