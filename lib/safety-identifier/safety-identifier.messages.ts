import { SAFETY_IDENTIFIER_ENV as ENV, SAFETY_IDENTIFIER_SECRET_MIN_LENGTH as MIN } from './safety-identifier.constants.js';

export const SAFETY_IDENTIFIER_SECRET_MISSING = () =>
  `safetyIdentifier is on, but there is no key to hash user ids with: set safetyIdentifierSecret or ${ENV.secret} (at least ${MIN} characters).`;

/** Never shows the key itself. */
export const SAFETY_IDENTIFIER_SECRET_TOO_SHORT = (setting: string, length: number) =>
  `Invalid ${setting}: it has ${length} characters. Expected at least ${MIN}.`;

export const SAFETY_IDENTIFIER_INVALID_SOURCE = (setting: string, value: unknown) =>
  `Invalid ${setting}: ${typeof value}. Expected true, false or a function of the request.`;

export const SAFETY_IDENTIFIER_INVALID_USER = (type: string) =>
  `The end user of a request must be a string or a number to make a safety identifier of; the safetyIdentifier setting gave ${type}.`;
