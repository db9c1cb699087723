/**
 * Key builders for the single table. Every access pattern and the key condition that serves it
 * is listed in docs/data-model.md; keep the two in step.
 */
export const keys = {
  user: (sub: string) => ({ PK: `USER#${sub}`, SK: 'PROFILE' }),
  userPartition: (sub: string) => `USER#${sub}`,
  address: (sub: string, addressId: string) => ({ PK: `USER#${sub}`, SK: `ADDRESS#${addressId}` }),
  addressPrefix: 'ADDRESS#',
  /** Per-user revocation marker: access tokens issued before `validAfterMs` are refused. */
  tokenMarker: (sub: string) => ({ PK: `USER#${sub}`, SK: 'TOKENS' }),
  /** One item per login, keyed by a hash of its refresh token. */
  session: (refreshTokenHash: string) => ({ PK: `SESSION#${refreshTokenHash}`, SK: 'SESSION' }),
} as const;

/**
 * Orders by customer live on GSI1 (`GSI1PK = CUSTOMER#<sub>`, `GSI1SK = ORDER#<createdAt>#<id>`).
 * Declared here so account deletion can check for open orders before the orders module exists.
 */
export const customerOrdersKey = (sub: string) => `CUSTOMER#${sub}`;
