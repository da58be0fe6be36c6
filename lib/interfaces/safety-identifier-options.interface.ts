/** The end user of a request, as a stable id (a user id, a username, a session id for guests); null or undefined: none. */
export type SafetyIdentifierSource = (req: unknown) => string | number | bigint | null | undefined | Promise<string | number | bigint | null | undefined>;

/** `OpenAI-Safety-Identifier` on the requests the module makes to OpenAI for a caller. */
export interface SafetyIdentifierOptions {
  /**
   * Send a keyed hash of the request's end user to OpenAI (NAVAI_SAFETY_IDENTIFIER). Default false.
   * `true` takes the user from `req.user`: the value itself when it is a string or a number, else its
   * `id`, `userId` or `sub`; a function takes it from the request itself. A request without a user
   * is sent without the header.
   */
  safetyIdentifier?: boolean | SafetyIdentifierSource;
  /** The HMAC-SHA256 key of the hash, at least 32 characters (NAVAI_SAFETY_IDENTIFIER_SECRET); required when on. */
  safetyIdentifierSecret?: string;
}
