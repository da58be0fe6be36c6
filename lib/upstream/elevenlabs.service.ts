import { SPEECH_ENV } from '../speech/speech.constants.js';
import type { UpstreamService } from './upstream-call.js';

interface ValidationIssue {
  loc?: unknown;
  msg?: unknown;
}

/**
 * ElevenLabs' error bodies: `{ "detail": { "status", "message" } }`, a validation failure's
 * `{ "detail": [{ "loc": ["body", "text"], "msg", "type" }] }`, or `{ "detail": "..." }`.
 */
export const ELEVENLABS: UpstreamService = {
  name: 'ElevenLabs',
  keySetting: SPEECH_ENV.apiKey,
  requestIdHeader: 'request-id',
  errorMessage(json) {
    const detail = (json as { detail?: unknown } | undefined)?.detail;
    if (typeof detail === 'string') return detail || undefined;
    if (Array.isArray(detail)) {
      const issues = detail.map(describeIssue).filter((issue) => issue !== undefined);
      return issues.length > 0 ? issues.join('; ') : undefined;
    }
    const message = (detail as { message?: unknown } | null | undefined)?.message;
    return typeof message === 'string' && message ? message : undefined;
  },
};

function describeIssue(issue: ValidationIssue): string | undefined {
  if (typeof issue?.msg !== 'string') return undefined;
  const where = Array.isArray(issue.loc) ? issue.loc.filter((part) => part !== 'body' && part !== 'query').join('.') : '';
  return where ? `${issue.msg} (${where})` : issue.msg;
}
