import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SERVERS = fileURLToPath(new URL('../servers/', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

/** Another build of this library (its `dist/esm/index.js`), measured beside the current one. */
export const CANDIDATE = process.env.NAVAI_BENCH_CANDIDATE;

/** Server processes by contender: how each is started. */
export const CONTENDERS = {
  'express-package': { label: 'Express package', file: 'express-package.mjs', preload: 'fetch-redirect.mjs' },
  'navai-express': { label: 'nestjs-navai, Express', file: 'nest-app.mjs', env: { BENCH_APP: 'navai', BENCH_ADAPTER: 'express' }, library: true },
  'navai-fastify': { label: 'nestjs-navai, Fastify', file: 'nest-app.mjs', env: { BENCH_APP: 'navai', BENCH_ADAPTER: 'fastify' }, library: true },
  'candidate-express': { label: 'candidate build, Express', file: 'nest-app.mjs', env: { BENCH_APP: 'navai', BENCH_ADAPTER: 'express', BENCH_LIBRARY: CANDIDATE } },
  'candidate-fastify': { label: 'candidate build, Fastify', file: 'nest-app.mjs', env: { BENCH_APP: 'navai', BENCH_ADAPTER: 'fastify', BENCH_LIBRARY: CANDIDATE } },
  'bare-express': { label: 'bare Nest route, Express', file: 'nest-app.mjs', env: { BENCH_APP: 'bare', BENCH_ADAPTER: 'express' } },
  'bare-fastify': { label: 'bare Nest route, Fastify', file: 'nest-app.mjs', env: { BENCH_APP: 'bare', BENCH_ADAPTER: 'fastify' } },
  'node-http': { label: 'bare node:http', file: 'node-http.mjs' },
  upstream: { label: 'fake OpenAI alone', file: 'fake-openai.mjs' },
};

/**
 * Starts one server process on loopback and resolves once it listens, with the time that took
 * from the spawn. `nodeArgs` go before the script (e.g. `--cpu-prof`).
 */
export function startServer(id, env = {}, nodeArgs = []) {
  const contender = CONTENDERS[id];
  const preload = contender.preload ? ['--import', new URL(contender.preload, `file://${SERVERS}`).href] : [];
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...preload, SERVERS + contender.file], {
    env: {
      ...process.env,
      ...(contender.library && { BENCH_LIBRARY: process.env.NAVAI_BENCH_LIBRARY }),
      ...contender.env,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${id} did not start within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', (code, signal) => fail(new Error(`${id} exited before it was ready (${signal ?? code})`)));
    child.once('message', ({ ready }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const readyMs = performance.now() - started;
      const gc = () => new Promise((done) => {
        child.once('message', done);
        child.send('gc');
      });
      resolve({ id, port: ready, pid: child.pid, readyMs, url: `http://127.0.0.1:${ready}`, stop: () => stop(child), gc });
    });
  });
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident set size of a process, in MiB. */
export function rssMiB(pid) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** CPU time (user + system) a process has used so far, in ms: /proc/<pid>/stat counts clock ticks of 10 ms. */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One request on a fresh connection, timed from before connecting to the last byte. */
/** One request; `body` is the answer decoded (gunzipped when it came gzipped), `bytes` what came over the wire. */
export function timedRequest(port, method, path, body, extraHeaders = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const headers = { ...extraHeaders, ...(body && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) };
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false, timeout: 60_000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const decoded = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode, body: decoded.toString(), bytes: raw.length, ms: performance.now() - started });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}
