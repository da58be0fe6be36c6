// The Navai playground: plain browser code, no build step, no dependency.
// Everything it shows is set as text (never as HTML); it holds a client secret only while a call starts.

const settings = JSON.parse(document.getElementById('navai-settings').textContent);
const routes = settings.routes;
const byId = (id) => document.getElementById(id);

/** Creates an element: `el('p', { class: 'x' }, 'text', child)`. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((child) => child !== undefined && child !== null));
  return node;
}

/** Calls one of the module's routes; JSON in, JSON out, the time taken measured. */
async function api(method, path, body) {
  const started = performance.now();
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, ok: response.ok, json: parseJson(text), text, ms: performance.now() - started };
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The words of an error answer: Nest's `message`, the envelope's `error` and `details`, or the status. */
function describeError(result) {
  const body = result.json;
  const error = body && typeof body.error === 'object' && body.error !== null ? body.error.message : body?.error;
  const message = body && (Array.isArray(body.message) ? body.message.join('; ') : body.message ?? error);
  const details = body && body.details && body.details !== message ? ` ${body.details}` : '';
  return `${result.status}: ${message ?? (result.text.slice(0, 200) || 'no answer')}${details}`;
}

const pretty = (value) => JSON.stringify(value, null, 2);
const ms = (value) => `${Math.round(value)} ms`;

// ---------- Links ----------
if (routes.openapi) byId('links').append(el('a', { href: routes.openapi }, 'OpenAPI document'));

// ---------- Client secret ----------
byId('mint').addEventListener('click', async () => {
  const out = byId('secret-result');
  out.textContent = 'Minting…';
  out.className = '';
  try {
    const result = await api('POST', routes.clientSecret, {});
    if (!result.ok || typeof result.json?.value !== 'string') {
      out.className = 'error';
      out.textContent = `Could not mint a client secret: ${describeError(result)}`;
      return;
    }
    const expires = new Date(result.json.expires_at * 1000);
    const seconds = Math.round((expires.getTime() - Date.now()) / 1000);
    out.textContent = `Minted ${mask(result.json.value)}, expires at ${expires.toLocaleTimeString()} (in ${seconds} s).`;
  } catch (error) {
    out.className = 'error';
    out.textContent = `Could not mint a client secret: ${error.message}`;
  }
});

/** Shows the kind of secret and its length, never its characters. */
function mask(value) {
  const kind = /^[a-z]+_/.exec(value)?.[0] ?? '';
  return `${kind}${'•'.repeat(8)} (${value.length} characters)`;
}

// ---------- Tools ----------
let tools = [];

async function loadTools() {
  const status = byId('tools-status');
  if (!routes.list) {
    status.textContent = 'The function routes are turned off in this app.';
    return;
  }
  const result = await api('GET', routes.list).catch((error) => ({ ok: false, status: 0, text: error.message }));
  if (!result.ok || !Array.isArray(result.json?.items)) {
    status.className = 'error';
    status.textContent = `Could not list the tools: ${describeError(result)}`;
    return;
  }
  tools = result.json.items;
  status.textContent = tools.length === 1 ? '1 tool you may use.' : `${tools.length} tools you may use.`;
  for (const warning of result.json.warnings ?? []) byId('tools-warnings').append(el('li', {}, warning));
  byId('tool-list').replaceChildren(...tools.map(renderTool));
}

function renderTool(tool) {
  const id = `tool-${tool.name}`;
  const hints = Object.entries(tool.hints ?? {})
    .filter(([, on]) => on)
    .map(([hint]) => el('li', { class: 'hint-badge' }, hint));
  const field = fieldFor(tool.parameters ?? {}, '', 'Arguments', true, id);
  const output = el('div', { class: 'result', 'aria-live': 'polite' });
  const formError = el('p', { class: 'error', hidden: true });
  const form = el(
    'form',
    { novalidate: true, 'aria-labelledby': `${id}-name` },
    field.node,
    formError,
    el('button', { type: 'submit' }, `Run ${tool.name}`),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMarks(form);
    formError.hidden = true;
    let payload;
    try {
      payload = field.read();
    } catch (error) {
      formError.hidden = false;
      formError.textContent = error.message;
      return;
    }
    output.replaceChildren(el('p', {}, 'Running…'));
    const result = await api('POST', routes.execute, { function_name: tool.name, payload: payload ?? {} }).catch(
      (error) => ({ ok: false, status: 0, text: error.message, ms: 0 }),
    );
    output.replaceChildren(
      el('p', { class: result.json?.ok ? 'ok' : 'error' }, `${result.status || 'network error'} · ${ms(result.ms)}`),
      el('pre', { tabindex: 0, 'aria-label': `Answer of ${tool.name}` }, result.json ? pretty(result.json) : result.text),
    );
    if (result.json?.code === 'INVALID_ARGUMENTS') markIssues(form, result.json.issues ?? [], formError);
  });
  return el(
    'article',
    { class: 'tool', id, 'data-tool': tool.name },
    el('h3', { id: `${id}-name` }, tool.name),
    el('p', {}, tool.description || 'No description.'),
    el('p', { class: 'source' }, 'Source: ', el('code', {}, tool.source)),
    hints.length ? el('ul', { class: 'hints', 'aria-label': 'Hints' }, ...hints) : undefined,
    el('details', {}, el('summary', {}, 'Parameters as the model sees them'), el('pre', { tabindex: 0 }, pretty(tool.parameters ?? {}))),
    form,
    output,
  );
}

/** Marks the fields an INVALID_ARGUMENTS answer names (the nearest field for a deeper path). */
function markIssues(form, issues, formError) {
  const loose = [];
  for (const issue of issues) {
    const control = nearestControl(form, issue.path);
    if (!control) {
      loose.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
      continue;
    }
    control.setAttribute('aria-invalid', 'true');
    const note = el('span', { class: 'issue', id: `${control.id}-issue` }, issue.message);
    control.closest('.field').append(note);
    control.setAttribute('aria-describedby', note.id);
  }
  if (loose.length) {
    formError.hidden = false;
    formError.textContent = loose.join('; ');
  }
  form.querySelector('[aria-invalid="true"]')?.focus();
}

function nearestControl(form, path) {
  const parts = path ? path.split('.') : [];
  for (let length = parts.length; length > 0; length -= 1) {
    const control = form.querySelector(`[data-path="${CSS.escape(parts.slice(0, length).join('.'))}"]`);
    if (control) return control;
  }
  return null;
}

function clearMarks(form) {
  form.querySelectorAll('[aria-invalid]').forEach((node) => {
    node.removeAttribute('aria-invalid');
    node.removeAttribute('aria-describedby');
  });
  form.querySelectorAll('.issue').forEach((node) => node.remove());
}

/**
 * A form field for a JSON Schema: `node` to show, `read()` for its value (undefined when left empty).
 * Strings, numbers, integers, booleans, enums, arrays and objects get controls; anything else a JSON editor.
 */
function fieldFor(schema, path, label, required, idBase) {
  const type = Array.isArray(schema.type) ? undefined : schema.type;
  const id = `${idBase}--${path || 'root'}`;
  const caption = el('span', {}, label, required && path ? el('span', { class: 'required' }, ' (required)') : undefined);
  const help = schema.description ? el('span', { class: 'help', id: `${id}-help` }, schema.description) : undefined;
  const described = help ? `${id}-help` : undefined;

  if (type === 'object' && schema.properties && typeof schema.properties === 'object') {
    const requiredNames = new Set(Array.isArray(schema.required) ? schema.required : []);
    const children = Object.entries(schema.properties).map(([name, child]) => ({
      name,
      field: fieldFor(child ?? {}, path ? `${path}.${name}` : name, name, requiredNames.has(name), idBase),
    }));
    const node = path
      ? el('fieldset', { class: 'field object', 'data-path': path, id }, el('legend', {}, caption), help, ...children.map((child) => child.field.node))
      : el('div', { class: 'object' }, ...children.map((child) => child.field.node));
    if (!children.length) node.append(el('p', { class: 'hint' }, 'No parameters.'));
    return {
      node,
      read() {
        const value = {};
        for (const child of children) {
          const childValue = child.field.read();
          if (childValue !== undefined) value[child.name] = childValue;
        }
        return Object.keys(value).length || required ? value : undefined;
      },
    };
  }

  if (type === 'array' && schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) {
    const list = el('ol', { class: 'items' });
    const items = [];
    const add = (initial) => {
      const index = items.length;
      const item = { field: fieldFor(initial === undefined ? schema.items : { ...schema.items, default: initial }, `${path}.${index}`, `${label} item ${index + 1}`, true, idBase) };
      const remove = el('button', { type: 'button', class: 'small', onclick: () => {
        items.splice(items.indexOf(item), 1);
        row.remove();
      } }, `Remove ${label} item ${index + 1}`);
      const row = el('li', {}, item.field.node, remove);
      items.push(item);
      list.append(row);
      return row.querySelector('input, select, textarea, button');
    };
    (Array.isArray(schema.default) ? schema.default : []).forEach((initial) => add(initial));
    const node = el(
      'fieldset',
      { class: 'field array', 'data-path': path, id, tabindex: -1 },
      el('legend', {}, caption),
      help,
      list,
      el('button', { type: 'button', class: 'small', onclick: () => add().focus() }, `Add ${label} item`),
    );
    return { node, read: () => (items.length || required ? items.map((item) => item.field.read()) : undefined) };
  }

  if (type === 'boolean') {
    const input = el('input', { type: 'checkbox', id, 'data-path': path, checked: schema.default === true, 'aria-describedby': described });
    return {
      node: el('div', { class: 'field checkbox' }, input, el('label', { for: id }, caption), help),
      read: () => input.checked,
    };
  }

  if (Array.isArray(schema.enum) && schema.enum.every((option) => ['string', 'number', 'boolean'].includes(typeof option))) {
    const select = el(
      'select',
      { id, 'data-path': path, 'aria-describedby': described },
      el('option', { value: '' }, required ? 'Choose…' : '(none)'),
      ...schema.enum.map((option, index) => el('option', { value: String(index), selected: schema.default === option }, String(option))),
    );
    return {
      node: el('div', { class: 'field' }, el('label', { for: id }, caption), select, help),
      read: () => (select.value === '' ? undefined : schema.enum[Number(select.value)]),
    };
  }

  if (type === 'string' || type === 'number' || type === 'integer') {
    const numeric = type !== 'string';
    const input = el('input', {
      id,
      'data-path': path,
      type: numeric ? 'number' : 'text',
      step: type === 'integer' ? '1' : numeric ? 'any' : undefined,
      min: schema.minimum,
      max: schema.maximum,
      value: schema.default,
      'aria-describedby': described,
      autocomplete: 'off',
    });
    return {
      node: el('div', { class: 'field' }, el('label', { for: id }, caption), input, help),
      read() {
        if (input.value === '') return undefined;
        return numeric ? Number(input.value) : input.value;
      },
    };
  }

  // Anything else (unions, tuples, free objects): edit it as JSON.
  const area = el('textarea', {
    id,
    'data-path': path,
    rows: 3,
    spellcheck: 'false',
    'aria-describedby': described,
  });
  area.value = schema.default === undefined ? (path ? '' : '{}') : pretty(schema.default);
  return {
    node: el('div', { class: 'field json' }, el('label', { for: id }, caption, ' (JSON)'), area, help),
    read() {
      if (area.value.trim() === '') return undefined;
      try {
        return JSON.parse(area.value);
      } catch {
        area.setAttribute('aria-invalid', 'true');
        throw new Error(`${label}: not valid JSON.`);
      }
    },
  };
}

// ---------- Voice ----------
const modeServer = byId('mode-server');
const modeRelay = byId('mode-relay');
if (routes.calls) {
  modeServer.checked = true;
} else {
  modeServer.disabled = true;
  modeRelay.checked = true;
  byId('mode-note').hidden = false;
  byId('mode-note').textContent = 'Server-side calls are not mounted in this app, so calls use the relay.';
}
if (!routes.execute) {
  modeRelay.disabled = true;
  if (!routes.calls) byId('talk').disabled = true;
}

let call = null;

byId('talk').addEventListener('click', () => void startCall(modeServer.checked ? 'server' : 'relay'));
byId('hangup').addEventListener('click', () => endCall('You hung up.'));

function setStatus(text) {
  byId('call-status').textContent = text;
}

function showCallError(text) {
  const node = byId('call-error');
  node.hidden = false;
  node.textContent = text;
}

async function startCall(mode) {
  byId('call-error').hidden = true;
  byId('transcript').replaceChildren();
  byId('tool-calls').replaceChildren();
  byId('usage').textContent = 'Tokens: none yet.';
  byId('talk').disabled = true;
  setStatus('Asking for the microphone…');
  const state = { mode, pc: null, channel: null, stream: null, calls: new Map(), pending: new Map(), usage: { total: 0, input: 0, output: 0 }, lines: new Map(), ended: false };
  call = state;
  try {
    state.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    failCall(state, `The microphone was refused or is missing (${error.name}): ${error.message}`);
    return;
  }
  try {
    setStatus('Connecting…');
    byId('hangup').disabled = false;
    const pc = new RTCPeerConnection();
    state.pc = pc;
    pc.addTrack(state.stream.getAudioTracks()[0], state.stream);
    pc.addEventListener('track', (event) => (byId('remote-audio').srcObject = event.streams[0] ?? new MediaStream([event.track])));
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed') failCall(state, 'WebRTC failed: the connection to the Realtime service was lost or never made.');
    });
    const channel = pc.createDataChannel('oai-events');
    state.channel = channel;
    channel.addEventListener('open', () => onChannelOpen(state));
    channel.addEventListener('close', () => endCall('The call ended.', state));
    channel.addEventListener('message', (event) => onServerEvent(state, parseJson(event.data)));
    await pc.setLocalDescription(await pc.createOffer());
    const answer = mode === 'server' ? await offerToServer(pc.localDescription.sdp) : await offerWithSecret(pc.localDescription.sdp);
    if (state.ended) return;
    await pc.setRemoteDescription({ type: 'answer', sdp: answer }).catch((error) => {
      throw new Error(`WebRTC failed: the answer could not be used (${error.message})`);
    });
    setStatus('Connecting the call…');
  } catch (error) {
    failCall(state, error.message);
  }
}

async function offerToServer(sdp) {
  const response = await fetch(routes.calls, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp', accept: 'application/sdp, application/json' },
    credentials: 'same-origin',
    body: sdp,
  }).catch((error) => {
    throw new Error(`The server could not be reached: ${error.message}`);
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`The call could not start: ${describeError({ status: response.status, json: parseJson(text), text })}`);
  return text;
}

async function offerWithSecret(sdp) {
  const minted = await api('POST', routes.clientSecret, {});
  if (!minted.ok || typeof minted.json?.value !== 'string') throw new Error(`No client secret: ${describeError(minted)}`);
  const response = await fetch(settings.realtimeCallsUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${minted.json.value}`, 'content-type': 'application/sdp' },
    body: sdp,
  }).catch((error) => {
    throw new Error(`The Realtime service could not be reached at ${settings.realtimeCallsUrl}: ${error.message}`);
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`The Realtime service refused the call: ${describeError({ status: response.status, json: parseJson(text), text })}`);
  return text;
}

function onChannelOpen(state) {
  setStatus(state.mode === 'server' ? 'Connected: tools run on the server.' : 'Connected: this page relays the tools.');
  byId('hangup').disabled = false;
  byId('hangup').focus();
  if (state.mode === 'relay') {
    // In relay mode the page offers the tools the list route gave this caller.
    const sessionTools = tools.map((tool) => ({ type: 'function', name: tool.name, description: tool.description, parameters: tool.parameters }));
    send(state, { type: 'session.update', session: { type: 'realtime', tools: sessionTools, tool_choice: 'auto' } });
  }
}

function send(state, event) {
  if (state.channel?.readyState === 'open') state.channel.send(JSON.stringify(event));
}

function onServerEvent(state, event) {
  if (!event || typeof event.type !== 'string') return;
  switch (event.type) {
    case 'conversation.item.input_audio_transcription.completed':
      return transcriptLine(state, event.item_id, 'You', event.transcript, true);
    case 'response.output_audio_transcript.delta':
    case 'response.output_text.delta':
      return transcriptLine(state, event.item_id, 'Agent', event.delta, false);
    case 'response.output_audio_transcript.done':
    case 'response.output_text.done':
      return transcriptLine(state, event.item_id, 'Agent', event.transcript ?? event.text, true);
    case 'response.function_call_arguments.done':
      return onFunctionCall(state, event.call_id, event.name, event.arguments, event.response_id);
    case 'response.output_item.done':
      if (event.item?.type === 'function_call') onFunctionCall(state, event.item.call_id, event.item.name, event.item.arguments, event.response_id);
      return;
    case 'conversation.item.added':
    case 'conversation.item.created':
    case 'conversation.item.done':
      if (event.item?.type === 'function_call_output') showToolOutput(state, event.item.call_id, parseJson(event.item.output) ?? event.item.output);
      return;
    case 'response.done':
      return onResponseDone(state, event.response ?? {});
    case 'error':
      return showCallError(`The Realtime service reported an error: ${event.error?.message ?? pretty(event.error)}`);
    default:
  }
}

function transcriptLine(state, itemId, who, text, final) {
  if (typeof text !== 'string') return;
  let line = state.lines.get(itemId);
  if (!line) {
    line = { node: el('li', { class: who === 'You' ? 'you' : 'agent' }, el('strong', {}, `${who}: `), el('span')), text: '' };
    state.lines.set(itemId, line);
    byId('transcript').append(line.node);
  }
  line.text = final ? text : line.text + text;
  line.node.lastChild.textContent = line.text;
}

/** A function call from the model: shown once per call id; in relay mode, run through the execute route. */
function onFunctionCall(state, callId, name, args, responseId) {
  if (!callId || state.calls.has(callId)) return;
  const row = {
    started: performance.now(),
    result: el('pre', { class: 'pending' }, state.mode === 'relay' ? 'running…' : 'running on the server…'),
    time: el('span', { class: 'time' }),
  };
  state.calls.set(callId, row);
  byId('tool-calls').append(
    el('li', { 'data-call-id': callId }, el('strong', {}, name), row.time, el('pre', { class: 'arguments' }, args), row.result),
  );
  if (state.mode !== 'relay') return;
  const pending = relay(state, callId, name, args);
  const forResponse = state.pending.get(responseId) ?? [];
  forResponse.push(pending);
  state.pending.set(responseId, forResponse);
}

async function relay(state, callId, name, args) {
  const payload = parseJson(args);
  const envelope =
    payload === undefined || payload === null || typeof payload !== 'object' || Array.isArray(payload)
      ? { ok: false, function_name: name, code: 'INVALID_ARGUMENTS', error: 'Invalid arguments.', details: 'The arguments are not a JSON object.' }
      : await api('POST', routes.execute, { function_name: name, payload }).then(
          (result) => result.json ?? { ok: false, function_name: name, code: 'EXECUTION_FAILED', error: describeError(result) },
          (error) => ({ ok: false, function_name: name, code: 'EXECUTION_FAILED', error: error.message }),
        );
  if (state.ended) return;
  send(state, { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output: JSON.stringify(envelope) } });
  showToolOutput(state, callId, envelope);
}

function showToolOutput(state, callId, output) {
  const row = state.calls.get(callId);
  if (!row) return;
  row.result.className = output?.ok === false ? 'error' : 'ok';
  row.result.textContent = typeof output === 'string' ? output : pretty(output);
  row.time.textContent = ` ${ms(performance.now() - row.started)}`;
}

async function onResponseDone(state, response) {
  const usage = response.usage;
  if (usage) {
    state.usage.total += usage.total_tokens ?? 0;
    state.usage.input += usage.input_tokens ?? 0;
    state.usage.output += usage.output_tokens ?? 0;
    byId('usage').textContent = `Tokens: ${state.usage.total} (input ${state.usage.input}, output ${state.usage.output}).`;
  }
  for (const item of response.output ?? []) {
    if (item?.type === 'function_call') onFunctionCall(state, item.call_id, item.name, item.arguments, response.id);
  }
  const pending = state.pending.get(response.id);
  if (!pending) return;
  state.pending.delete(response.id);
  // One response.create once every call of the response is answered.
  await Promise.all(pending);
  if (!state.ended) send(state, { type: 'response.create' });
}

function failCall(state, message) {
  showCallError(message);
  endCall('Not connected.', state);
}

function endCall(message, state = call) {
  if (!state || state.ended) return;
  state.ended = true;
  state.channel?.close();
  state.pc?.close();
  state.stream?.getTracks().forEach((track) => track.stop());
  byId('remote-audio').srcObject = null;
  setStatus(message);
  byId('hangup').disabled = true;
  byId('talk').disabled = false;
  if (document.activeElement === document.body || document.activeElement === byId('hangup')) byId('talk').focus();
  if (call === state) call = null;
}

void loadTools();
