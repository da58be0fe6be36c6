// Preloaded (`node --import`) into the Express package's process only: it calls a fixed OpenAI
// URL, so that one URL is sent to the loopback fake instead. Nothing else changes.
const OPENAI_URL = 'https://api.openai.com/v1/realtime/client_secrets';
const target = process.env.BENCH_UPSTREAM && `${process.env.BENCH_UPSTREAM}/realtime/client_secrets`;
const originalFetch = globalThis.fetch;

if (target) {
  globalThis.fetch = (input, init) => originalFetch(input === OPENAI_URL ? target : input, init);
}
