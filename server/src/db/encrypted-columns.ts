/**
 * Every column holding a Fernet token. `rotate-keys` re-encrypts each of them with the first key
 * of FERNET_KEYS; a feature that stores a secret adds its column here (a test checks that every
 * column named *_encrypted is listed).
 */
export const ENCRYPTED_COLUMNS = [
  { table: 'invitations', key: ['id'], column: 'token_encrypted' },
  { table: 'idempotency_keys', key: ['org_id', 'principal', 'key'], column: 'response_body' },
  { table: 'integrations', key: ['id'], column: 'credentials_encrypted' },
  { table: 'integrations', key: ['id'], column: 'webhook_secret_encrypted' },
] as const satisfies readonly { table: string; key: readonly string[]; column: string }[];
