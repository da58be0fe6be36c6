/** The header OpenAI reads the end user's hashed id from, on Realtime client-secret and call requests. */
export const SAFETY_IDENTIFIER_HEADER = 'OpenAI-Safety-Identifier';

export const SAFETY_IDENTIFIER_ENV = {
  enabled: 'NAVAI_SAFETY_IDENTIFIER',
  secret: 'NAVAI_SAFETY_IDENTIFIER_SECRET',
} as const;

export const SAFETY_IDENTIFIER_SECRET_MIN_LENGTH = 32;

/** Where `safetyIdentifier: true` looks on `req.user`, in this order. */
export const SAFETY_IDENTIFIER_USER_FIELDS = ['id', 'userId', 'sub'] as const;
