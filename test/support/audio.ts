/** Audio the fake ElevenLabs sends, and the checks that what a client got is playable audio of that kind. */

/** One silent MPEG-1 Layer III frame: 128 kbit/s, 44.1 kHz, mono, no CRC; zero side info decodes to silence. */
const MP3_FRAME_BYTES = 417;
const MP3_HEADER = [0xff, 0xfb, 0x90, 0xc0];

export function silentMp3(frames: number): Buffer {
  const frame = Buffer.alloc(MP3_FRAME_BYTES);
  Buffer.from(MP3_HEADER).copy(frame);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

const MPEG1_LAYER3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG1_RATES = [44_100, 48_000, 32_000];

/** Walks MPEG-1 Layer III frames from the first byte to the last; returns how many there are, or throws where the stream is not one. */
export function countMp3Frames(audio: Uint8Array): number {
  let offset = 0;
  let frames = 0;
  while (offset < audio.length) {
    if (audio.length - offset < 4) throw new Error(`a truncated frame header at byte ${offset}`);
    const [b0, b1, b2] = audio.subarray(offset, offset + 3);
    if (b0 !== 0xff || (b1 & 0xfe) !== 0xfa) throw new Error(`no MPEG-1 Layer III frame sync at byte ${offset}`);
    const kbps = MPEG1_LAYER3_KBPS[b2 >> 4];
    const rate = MPEG1_RATES[(b2 >> 2) & 0x03];
    if (!kbps || !rate) throw new Error(`an invalid bitrate or sample rate at byte ${offset}`);
    const length = Math.floor((144 * kbps * 1000) / rate) + ((b2 >> 1) & 0x01);
    if (offset + length > audio.length) throw new Error(`a truncated frame at byte ${offset}`);
    offset += length;
    frames += 1;
  }
  if (frames === 0) throw new Error('no audio');
  return frames;
}

/** `rate` Hz, 16-bit mono silence. */
export function silentPcm(samples: number): Buffer {
  return Buffer.alloc(samples * 2);
}

/** A RIFF/WAVE file of 16-bit mono silence. */
export function silentWav(samples: number, rate: number): Buffer {
  const data = samples * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data, 40);
  return Buffer.concat([header, Buffer.alloc(data)]);
}
