import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { silentMp3, silentPcm, silentWav } from './audio.js';

export interface RecordedSpeechRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What the fake does with the next requests; `speak` (the default) answers as ElevenLabs does on success. */
export type FakeSpeechBehaviour =
  | {
      kind: 'speak';
      delayMs?: number;
      /** Bytes per write, default 4 096. */
      chunkBytes?: number;
      /** Pause between writes. */
      chunkDelayMs?: number;
      /** Send this many bytes of MP3 instead of audio sized to the text (for long streams). */
      totalBytes?: number;
      /** Stop writing after this many bytes and hang, the answer unfinished. */
      stallAfterBytes?: number;
      /** Reset the connection after this many bytes. */
      resetAfterBytes?: number;
      contentType?: string | null;
    }
  | { kind: 'reply'; status: number; body: string | object; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'close' };

/** What one answer of the fake sent, and whether its client stayed to the end. */
export interface SentSpeech {
  bytes: number;
  sha256: string;
  audio: Buffer;
  /** The connection closed before the fake had written everything. */
  cutOff: boolean;
  done: Promise<void>;
}

export const FAKE_VOICES = ['21m00Tcm4TlvDq8ikWAM', 'JBFqnCBsd6RMkjVDRZzb', 'EXAVITQu4vr4xnSDxMaL'];
export const FAKE_MODELS = ['eleven_multilingual_v2', 'eleven_flash_v2_5', 'eleven_turbo_v2_5', 'eleven_v3'];
export const OUTPUT_FORMATS = [
  ...['22050_32', '24000_48', '44100_32', '44100_64', '44100_96', '44100_128', '44100_192'].map((rate) => `mp3_${rate}`),
  ...[8000, 16000, 22050, 24000, 32000, 44100, 48000].map((rate) => `pcm_${rate}`),
  'ulaw_8000',
  'alaw_8000',
  ...[32, 64, 96, 128, 192].map((bitrate) => `opus_48000_${bitrate}`),
  ...[8000, 16000, 22050, 24000, 32000, 44100, 48000].map((rate) => `wav_${rate}`),
];
const CONTENT_TYPES: Record<string, string> = { mp3: 'audio/mpeg', pcm: 'audio/pcm', wav: 'audio/wav', ulaw: 'audio/basic', alaw: 'audio/alaw', opus: 'audio/opus' };
const BODY_FIELDS = ['text', 'model_id', 'voice_settings'];
const QUERY_FIELDS = ['output_format', 'optimize_streaming_latency'];
const SETTING_NUMBERS = ['stability', 'similarity_boost', 'style'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const issue = (loc: string[], msg: string, input: unknown, type = 'value_error') => ({ type, loc, msg, input });

/**
 * A stand-in for api.elevenlabs.io on loopback. It records every request and refuses, as
 * ElevenLabs does, a wrong path or method, a missing or unknown `xi-api-key`, an unknown voice or
 * model, and every query or body field of the wrong name, type or range. It is harsher than
 * ElevenLabs in two ways: it refuses unknown fields, and it echoes a refused key in its message, so
 * that a leak of that message leaks the key.
 */
export class FakeElevenLabs {
  readonly requests: RecordedSpeechRequest[] = [];
  readonly sent: SentSpeech[] = [];
  readonly validKeys = new Set<string>();
  behaviour: FakeSpeechBehaviour = { kind: 'speak' };
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(validKeys: string[] = []): Promise<FakeElevenLabs> {
    const server = createServer();
    const fake = new FakeElevenLabs(server);
    validKeys.forEach((key) => fake.validKeys.add(key));
    server.on('request', (req, res) => void fake.handle(req, res));
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get last(): RecordedSpeechRequest | undefined {
    return this.requests.at(-1);
  }

  async close(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RecordedSpeechRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    };
    this.requests.push(record);
    const behaviour = this.behaviour;
    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'close') return void req.socket.destroy();
    if (behaviour.kind === 'reply') {
      const text = typeof behaviour.body === 'string' ? behaviour.body : JSON.stringify(behaviour.body);
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      return void res.end(text);
    }
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    await this.answer(record, raw, res, behaviour);
  }

  private async answer(request: RecordedSpeechRequest, raw: string, res: ServerResponse, behaviour: Extract<FakeSpeechBehaviour, { kind: 'speak' }>) {
    const requestId = randomBytes(10).toString('hex');
    const fail = (status: number, detail: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId });
      res.end(JSON.stringify({ detail }));
    };
    const match = /^\/v1\/text-to-speech\/([^/]+)$/.exec(request.path);
    if (!match) return fail(404, 'Not Found');
    if (request.method !== 'POST') return fail(405, 'Method Not Allowed');
    const key = request.headers['xi-api-key'];
    if (typeof key !== 'string' || !key) {
      return fail(401, { status: 'needs_authorization', message: 'Neither authorization header nor xi-api-key received, please provide one.' });
    }
    if (!this.validKeys.has(key)) return fail(401, { status: 'invalid_api_key', message: `Invalid API key: ${key}` });
    const voiceId = decodeURIComponent(match[1]);
    if (!FAKE_VOICES.includes(voiceId)) {
      return fail(400, { status: 'voice_not_found', message: `A voice with the voice_id ${voiceId} was not found.` });
    }
    const queryIssues = Object.entries(request.query).flatMap(([name, value]) => {
      if (!QUERY_FIELDS.includes(name)) return [issue(['query', name], 'Extra inputs are not permitted', value, 'extra_forbidden')];
      if (name === 'output_format' && !OUTPUT_FORMATS.includes(value)) {
        return [issue(['query', name], `Input should be ${OUTPUT_FORMATS.map((format) => `'${format}'`).join(', ')}`, value, 'enum')];
      }
      if (name === 'optimize_streaming_latency' && !/^[0-4]$/.test(value)) {
        return [issue(['query', name], 'Input should be a valid integer from 0 to 4', value, 'int_parsing')];
      }
      return [];
    });
    if (queryIssues.length > 0) return fail(422, queryIssues);
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      return fail(422, [issue(['body'], 'Input should be a valid dictionary or object to extract fields from', raw, 'model_attributes_type')]);
    }
    const bodyIssues = checkBody(request.body);
    if (bodyIssues.length > 0) return fail(422, bodyIssues);
    const body = request.body as { text: string; model_id?: string };
    if (body.model_id !== undefined && !FAKE_MODELS.includes(body.model_id)) {
      return fail(400, { status: 'model_not_found', message: `A model with model ID ${body.model_id} does not exist.` });
    }

    const format = request.query.output_format ?? 'mp3_44100_128';
    const codec = format.split('_')[0];
    const audio = behaviour.totalBytes ? silentMp3(Math.ceil(behaviour.totalBytes / 417)) : audioFor(format, body.text);
    const contentType = behaviour.contentType === undefined ? CONTENT_TYPES[codec] : behaviour.contentType;
    res.writeHead(200, {
      ...(contentType && { 'content-type': contentType }),
      'request-id': requestId,
      'character-cost': String(body.text.length),
    });
    await this.write(res, audio, behaviour);
  }

  /** Writes the audio in chunks, waiting for the socket to drain as a server does. */
  private async write(res: ServerResponse, audio: Buffer, behaviour: Extract<FakeSpeechBehaviour, { kind: 'speak' }>) {
    let resolveDone!: () => void;
    const record: SentSpeech = {
      bytes: 0,
      sha256: createHash('sha256').update(audio).digest('hex'),
      audio,
      cutOff: false,
      done: new Promise<void>((resolve) => (resolveDone = resolve)),
    };
    this.sent.push(record);
    res.once('close', () => {
      record.cutOff = !res.writableFinished;
      resolveDone();
    });
    const chunk = behaviour.chunkBytes ?? 4096;
    for (let offset = 0; offset < audio.length && !res.destroyed; offset += chunk) {
      if (behaviour.stallAfterBytes !== undefined && offset >= behaviour.stallAfterBytes) return;
      if (behaviour.resetAfterBytes !== undefined && offset >= behaviour.resetAfterBytes) return void res.socket?.resetAndDestroy();
      const piece = audio.subarray(offset, offset + chunk);
      const flushed = res.write(piece);
      record.bytes += piece.length;
      if (!flushed) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go).off('close', go);
            resolve();
          };
          res.on('drain', go).on('close', go);
        });
      }
      if (behaviour.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.chunkDelayMs));
    }
    if (!res.destroyed) res.end();
  }
}

function checkBody(body: unknown) {
  if (!isObject(body)) return [issue(['body'], 'Input should be a valid dictionary', body, 'dict_type')];
  const issues = Object.keys(body)
    .filter((field) => !BODY_FIELDS.includes(field))
    .map((field) => issue(['body', field], 'Extra inputs are not permitted', body[field], 'extra_forbidden'));
  if (body.text === undefined) issues.push(issue(['body', 'text'], 'Field required', body, 'missing'));
  else if (typeof body.text !== 'string' || !body.text.trim()) issues.push(issue(['body', 'text'], 'Input should be a non-empty string', body.text));
  if (body.model_id !== undefined && typeof body.model_id !== 'string') issues.push(issue(['body', 'model_id'], 'Input should be a valid string', body.model_id, 'string_type'));
  const settings = body.voice_settings;
  if (settings !== undefined) {
    if (!isObject(settings)) return [...issues, issue(['body', 'voice_settings'], 'Input should be a valid dictionary', settings, 'dict_type')];
    for (const [name, value] of Object.entries(settings)) {
      const loc = ['body', 'voice_settings', name];
      if (SETTING_NUMBERS.includes(name)) {
        if (typeof value !== 'number' || !Number.isFinite(value)) issues.push(issue(loc, 'Input should be a valid number', value, 'float_type'));
        else if (value < 0 || value > 1) issues.push(issue(loc, 'Input should be between 0 and 1', value));
      } else if (name === 'use_speaker_boost') {
        if (typeof value !== 'boolean') issues.push(issue(loc, 'Input should be a valid boolean', value, 'bool_type'));
      } else {
        issues.push(issue(loc, 'Extra inputs are not permitted', value, 'extra_forbidden'));
      }
    }
  }
  return issues;
}

/** About a frame (26 ms) of audio per 5 characters, in the format asked for. */
function audioFor(format: string, text: string): Buffer {
  const [codec, rate] = format.split('_');
  const frames = Math.max(1, Math.ceil([...text].length / 5));
  if (codec === 'mp3') return silentMp3(frames);
  const samples = Math.round((frames * 1152 * Number(rate)) / 44_100);
  if (codec === 'wav') return silentWav(samples, Number(rate));
  if (codec === 'pcm') return silentPcm(samples);
  return Buffer.alloc(samples, codec === 'ulaw' ? 0xff : 0xd5);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
