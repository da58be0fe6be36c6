// OpenAI's client_secrets endpoint, faked on loopback: it answers after a fixed delay.
import { createServer } from 'node:http';
import { announce } from './shared.mjs';

const delayMs = Number(process.env.BENCH_UPSTREAM_DELAY_MS ?? 20);
const session = {
  type: 'realtime',
  object: 'realtime.session',
  id: 'sess_bench',
  model: 'gpt-realtime',
  output_modalities: ['audio'],
  instructions: 'You are a helpful assistant.',
  tools: [],
  tool_choice: 'auto',
  max_output_tokens: 'inf',
  tracing: null,
  truncation: 'auto',
  prompt: null,
  expires_at: 0,
  audio: {
    input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: null, noise_reduction: null, turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200, idle_timeout_ms: null, create_response: true, interrupt_response: true } },
    output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 },
  },
  include: null,
};
let count = 0;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    setTimeout(() => {
      const expiresAt = Math.floor(Date.now() / 1000) + 600;
      const body = JSON.stringify({ value: `ek_bench_${++count}`, expires_at: expiresAt, session: { ...session, expires_at: expiresAt } });
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${count}` });
      res.end(body);
    }, delayMs);
  });
});
server.listen(0, '127.0.0.1', () => announce(server.address().port));
