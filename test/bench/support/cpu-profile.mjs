import { readFileSync } from 'node:fs';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** Who owns a frame: this library's build, a package in node_modules, Node itself, or V8. */
export function ownerOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const file = url.replace(/^file:\/\//, '');
  // The runner measures a copy of dist/ kept under node_modules/.cache (see build.mjs).
  if (file.startsWith(`${ROOT}dist/`) || /\/nestjs-navai-bench\/\d+\/dist\//.test(file)) return 'nestjs-navai (dist)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1];
  if (file.startsWith(ROOT)) return file.slice(ROOT.length);
  if (file.startsWith('node:')) return 'node internals';
  return file;
}

/**
 * Summarizes a `.cpuprofile`: self time by owner, the time spent with this library's code on
 * the stack, and the hottest functions.
 */
export function summarizeProfile(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const sampleMs = new Map();
  profile.samples.forEach((id, index) => sampleMs.set(id, (sampleMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));

  const byOwner = new Map();
  const byFunction = new Map();
  let total = 0;
  let idle = 0;
  let underOurs = 0;
  const insideOurs = new Map();
  for (const [id, ms] of sampleMs) {
    const { callFrame } = nodes.get(id);
    const owner = ownerOf(callFrame.url, callFrame.functionName);
    total += ms;
    if (owner === '(idle)') idle += ms;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
    const where = callFrame.url ? `${ownerOf(callFrame.url, '')} ${callFrame.url.split('/').pop()}:${callFrame.lineNumber + 1}` : owner;
    const key = `${callFrame.functionName || '(anonymous)'}  [${where}]`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    for (let at = id; at !== undefined; at = parents.get(at)) {
      if (ownerOf(nodes.get(at).callFrame.url, '') === 'nestjs-navai (dist)') {
        underOurs += ms;
        insideOurs.set(key, (insideOurs.get(key) ?? 0) + ms);
        break;
      }
    }
  }
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return { total, busy: total - idle, underOurs, byOwner: sorted(byOwner), hottest: sorted(byFunction).slice(0, top), insideOurs: sorted(insideOurs).slice(0, top) };
}

export function formatProfile({ total, busy, underOurs, byOwner, hottest, insideOurs }) {
  const pct = (ms) => `${((100 * ms) / busy).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${busy.toFixed(0)} ms of ${total.toFixed(0)} ms; with nestjs-navai code on the stack: ${underOurs.toFixed(0)} ms (${pct(underOurs).trim()} of busy)`, '', 'self time by owner (share of busy):'];
  for (const [owner, ms] of byOwner) if (owner !== '(idle)' && ms >= busy / 500) lines.push(`  ${pct(ms)}  ${ms.toFixed(0).padStart(6)} ms  ${owner}`);
  lines.push('', 'hottest functions (self time):');
  for (const [name, ms] of hottest) if (!name.startsWith('(idle)')) lines.push(`  ${pct(ms)}  ${name}`);
  lines.push('', 'below nestjs-navai frames (self time of the functions they call):');
  for (const [name, ms] of insideOurs) lines.push(`  ${pct(ms)}  ${name}`);
  return lines.join('\n');
}
