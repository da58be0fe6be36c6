// The published Express package, set up as its README shows: express.json() and its routes.
import { registerNavaiExpressRoutes } from '@navai/voice-backend';
import express from 'express';
import { announce } from './shared.mjs';

const app = express();
app.use(express.json());
registerNavaiExpressRoutes(app, {
  backendOptions: { openaiApiKey: 'sk-bench', clientSecretTtlSeconds: 600 },
  functionsBaseDir: process.env.BENCH_BASE_DIR,
  functionsFolders: 'src/ai/functions-modules',
});
const server = app.listen(0, '127.0.0.1', () => announce(server.address().port));
