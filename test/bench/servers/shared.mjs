import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

export { sleep };

/** The execute body every contender is sent; both tools take `value` and return it. */
export const EXECUTE_BODY = JSON.stringify({ function_name: 'echo', payload: { value: 'hi' } });

/** What our module and the Express package send OpenAI for a client-secret request of `{}`. */
export const UPSTREAM_BODY = JSON.stringify({
  expires_after: { anchor: 'created_at', seconds: 600 },
  session: { type: 'realtime', model: 'gpt-realtime', instructions: 'You are a helpful assistant.', audio: { output: { voice: 'marin' } } },
});

/** Tells the runner the port; SIGTERM exits normally so `--cpu-prof` can write its profile. */
export function announce(port) {
  process.on('SIGTERM', () => process.exit(0));
  process.send?.({ ready: port });
}

/**
 * What the bare contenders answer: the list body our module answered (captured by the runner),
 * the two decorated tools' envelopes, and a client secret requested from the fake upstream the
 * way our module requests it (undici.request).
 */
export function bareResponses() {
  const { BENCH_LIST_JSON, BENCH_UPSTREAM } = process.env;
  const list = BENCH_LIST_JSON ? JSON.parse(readFileSync(BENCH_LIST_JSON, 'utf8')) : { items: [], warnings: [] };
  const sources = new Map([
    ['echo', 'BenchTools#echo'],
    ['wait', 'BenchTools#wait'],
    ...list.items.map((item) => [item.name, item.source]),
  ]);
  return {
    list,
    async execute(body) {
      const name = body?.function_name;
      if (name === 'wait') await sleep(1);
      return { ok: true, function_name: name, source: sources.get(name), result: body?.payload?.value };
    },
    async clientSecret() {
      const response = await request(`${BENCH_UPSTREAM}/realtime/client_secrets`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
        body: UPSTREAM_BODY,
        signal: AbortSignal.timeout(10_000),
      });
      const { value, expires_at } = JSON.parse(await response.body.text());
      return { value, expires_at };
    },
  };
}
