/** A distinctive server key: no response body and no log line may ever contain it. */
export const CANARY_KEY = 'sk-canary-3f9c1e7a5b2d4c6e8a0f1b3d5e7c9a2b';
export const CANARY_REQUEST_KEY = 'sk-request-canary-8e2b4d6f0a1c3e5b7d9f2a4c';
/** The server's ElevenLabs key: as distinctive, and as unwelcome in any answer or log line. */
export const CANARY_ELEVENLABS_KEY = 'xi-canary-5d7f9b1c3e2a4c6e8f0b2d4a6c8e1f3b';
