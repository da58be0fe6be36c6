import type { Route } from 'playwright-core';
import { type FakeRealtimePeer, SdpRefused } from './fake-realtime-peer.js';

/**
 * Answers a browser's `POST /v1/realtime/calls` (client-secret form) from the fake peer, checking it as
 * OpenAI does: POST, `Authorization: Bearer <a secret the fake minted>`, `Content-Type: application/sdp`.
 * For `context.route()`: the request never leaves the browser.
 */
export function realtimeCallsRoute(peer: FakeRealtimePeer, minted: ReadonlySet<string>, seen: string[] = []) {
  return async (route: Route): Promise<void> => {
    const request = route.request();
    const headers = await request.allHeaders();
    seen.push(`${request.method()} ${request.url()}`);
    const error = (status: number, message: string) =>
      route.fulfill({
        status,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({ error: { type: 'invalid_request_error', message, param: null, code: null } }),
      });
    if (request.method() === 'OPTIONS') {
      return route.fulfill({
        status: 204,
        headers: {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-expose-headers': 'location',
        },
      });
    }
    if (request.method() !== 'POST') return error(404, `Invalid URL (${request.method()})`);
    const key = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (!key || !minted.has(key)) return error(401, 'Incorrect API key provided.');
    if (!String(headers['content-type']).startsWith('application/sdp')) return error(400, 'Content-Type must be application/sdp.');
    try {
      const { sdp, callId } = await peer.answer(request.postData() ?? '');
      return route.fulfill({
        status: 201,
        contentType: 'application/sdp',
        headers: { location: `/v1/realtime/calls/${callId}`, 'access-control-allow-origin': '*', 'access-control-expose-headers': 'location' },
        body: sdp,
      });
    } catch (refused) {
      if (refused instanceof SdpRefused) return error(400, refused.message);
      throw refused;
    }
  };
}
