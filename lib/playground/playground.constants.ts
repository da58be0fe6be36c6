/** The playground's files, served below the page's path. */
export const PLAYGROUND_FILES = {
  page: 'playground.html',
  script: 'playground.js',
  style: 'playground.css',
} as const;

/** Where a browser posts its SDP offer when it holds a client secret, below the OpenAI base URL. */
export const REALTIME_CALLS_PATH = '/realtime/calls';
