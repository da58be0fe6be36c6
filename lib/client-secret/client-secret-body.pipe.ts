import { CLIENT_SECRET_REQUEST_LIMITS } from '../navai.constants.js';
import { knownFieldsPipe } from '../utils/known-fields.pipe.js';

/** Keeps only the client-secret request's own fields, one level deep, before validation (see knownFieldsPipe). */
export const clientSecretBodyPipe = knownFieldsPipe(Object.fromEntries(Object.keys(CLIENT_SECRET_REQUEST_LIMITS).map((field) => [field, true])));
