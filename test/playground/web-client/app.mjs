// A minimal Navai web app: the published web client's React hook, pointed at this module.
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { useWebVoiceAgent } from '@navai/voice-frontend';

const apiBaseUrl = new URLSearchParams(location.search).get('api');
// Stable across renders: the hook rebuilds its client (and stops a live session) when these change.
const routes = [{ name: 'home', path: '/', description: 'The home page.' }];
const env = {};
const moduleLoaders = {};
const navigate = () => {};

function App() {
  const agent = useWebVoiceAgent({ navigate, moduleLoaders, defaultRoutes: routes, apiBaseUrl, env });
  return h(
    'main',
    null,
    h('button', { type: 'button', onClick: () => void agent.start() }, 'Start'),
    h('button', { type: 'button', onClick: () => agent.stop() }, 'Stop'),
    h('p', { id: 'status' }, agent.status),
    h('p', { id: 'error' }, agent.error ?? ''),
  );
}

createRoot(document.getElementById('root')).render(h(App));
