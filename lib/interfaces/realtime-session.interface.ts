/** Audio formats accepted by OpenAI Realtime; the format is always an object. */
export type RealtimeAudioFormat =
  | { type: 'audio/pcm'; rate?: 24000 }
  | { type: 'audio/pcmu' }
  | { type: 'audio/pcma' };

export type RealtimeTurnDetection =
  | {
      type: 'server_vad';
      threshold?: number;
      prefix_padding_ms?: number;
      silence_duration_ms?: number;
      idle_timeout_ms?: number | null;
      create_response?: boolean;
      interrupt_response?: boolean;
    }
  | {
      type: 'semantic_vad';
      eagerness?: 'low' | 'medium' | 'high' | 'auto';
      create_response?: boolean;
      interrupt_response?: boolean;
    };

export interface RealtimeFunctionTool {
  type: 'function';
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/**
 * Session fields merged into every minted client secret, in OpenAI's own shape.
 * `model`, `instructions` and `audio.output.voice` come from their own settings.
 */
export interface RealtimeSessionDefaults {
  output_modalities?: ['audio'] | ['text'];
  audio?: {
    input?: {
      format?: RealtimeAudioFormat;
      noise_reduction?: { type: 'near_field' | 'far_field' } | null;
      transcription?: { model?: string; language?: string; prompt?: string } | null;
      turn_detection?: RealtimeTurnDetection | null;
    };
    output?: {
      format?: RealtimeAudioFormat;
      speed?: number;
    };
  };
  tools?: RealtimeFunctionTool[];
  tool_choice?: 'auto' | 'none' | 'required' | { type: 'function'; name: string };
  max_output_tokens?: number | 'inf';
  tracing?: 'auto' | { workflow_name?: string; group_id?: string; metadata?: Record<string, unknown> } | null;
  truncation?: 'auto' | 'disabled' | { type: 'retention_ratio'; retention_ratio: number };
  prompt?: { id: string; version?: string; variables?: Record<string, unknown> } | null;
  include?: string[];
}
