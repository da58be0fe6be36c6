// The ceiling: node:http parsing the body and answering the same JSON, nothing else.
import { createServer } from 'node:http';
import { announce, bareResponses } from './shared.mjs';

const responses = bareResponses();

function send(res, value) {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const routes = {
  'GET /navai/functions': () => responses.list,
  'POST /navai/functions/execute': (body) => responses.execute(body),
  'POST /navai/realtime/client-secret': () => responses.clientSecret(),
};

const server = createServer((req, res) => {
  const route = routes[`${req.method} ${req.url}`];
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => send(res, await route(chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined)));
});
server.listen(0, '127.0.0.1', () => announce(server.address().port));
