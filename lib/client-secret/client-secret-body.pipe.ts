import type { PipeTransform } from '@nestjs/common';
import { CLIENT_SECRET_REQUEST_LIMITS } from '../navai.constants.js';

const FIELDS = Object.keys(CLIENT_SECRET_REQUEST_LIMITS);

/**
 * Keeps only the request's own fields, one level deep, before validation: unknown fields are
 * dropped anyway, and a deeply nested value would otherwise be walked, recursively, by
 * class-transformer. A nested value becomes `[]`, which validation refuses as "must be a string".
 */
export const clientSecretBodyPipe: PipeTransform = {
  transform(body: unknown) {
    if (typeof body !== 'object' || body === null) return body;
    if (Array.isArray(body)) return [];
    const fields = FIELDS.filter((field) => Object.hasOwn(body, field));
    return Object.fromEntries(
      fields.map((field) => {
        const value = (body as Record<string, unknown>)[field];
        return [field, typeof value === 'object' && value !== null ? [] : value];
      }),
    );
  },
};
