import autocannon from 'autocannon';

/**
 * Drives `url` with autocannon for `seconds` at `connections`. Latencies are collected from
 * each response (autocannon's own histogram keeps whole milliseconds, too coarse here).
 */
export async function load({ url, connections, seconds, method = 'GET', body, requests, headers }) {
  const latencies = [];
  const started = performance.now();
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    method,
    body,
    requests,
    headers: body || requests ? { 'content-type': 'application/json', ...headers } : headers,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    ok: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodeStats,
  };
}

export function percentile(sorted, fraction) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

export function median(values) {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median and range of one figure over the rounds. */
export function summarize(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
}
