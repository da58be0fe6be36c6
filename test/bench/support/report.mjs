import { CONTENDERS } from './processes.mjs';

const label = (id) => CONTENDERS[id].label;
const int = (value) => Math.round(value).toLocaleString('en-US');
const ms = (value) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));
const times = (value) => `${value.toFixed(2)}x`;

/** `median (min–max)` of a summary. */
function spread(summary, format) {
  if (!summary) return 'n/a';
  const { median, min, max } = summary;
  return `${format(median)} (${format(min)}–${format(max)})`;
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function loadTable(groups, key, keyTitle, extra = []) {
  const rows = groups.flatMap((group) =>
    group.rows.map((row) => [
      group[key],
      label(row.id) + (row.failed ? ` **(${row.failed} failed)**` : ''),
      spread(row.rps, int),
      spread(row.vsPackage, times),
      spread(row.p50, ms),
      spread(row.p99, ms),
      spread(row.cpuUs, int),
      ...extra.map((column) => column.value(row)),
    ]),
  );
  const header = [keyTitle, 'contender', 'req/s', 'req/s vs Express package', 'p50 ms', 'p99 ms', 'server CPU µs/req'];
  return table([...header, ...extra.map((column) => column.title)], rows);
}

const bytes = { title: 'response bytes', value: (row) => int(row.bytes) };

export function machineTable(machine) {
  return table(['', ''], [
    ['Node', machine.node],
    ['CPUs', `${machine.cpus} x ${machine.model}`],
    ['memory', `${machine.memoryGiB.toFixed(1)} GiB`],
    ['OS', machine.os],
    ['date', machine.date],
    ['load average (1 min) at start / end', machine.load],
    ['rounds', `${machine.rounds} per scenario, ${machine.seconds} s each, after a ${machine.warmup} s warm-up per contender`],
  ]);
}

export function executeTable(groups) {
  return loadTable(groups, 'connections', 'conns', [bytes]);
}

export function listTable(groups) {
  return loadTable(groups, 'tools', 'tools', [bytes]);
}

export function clientSecretTable(groups) {
  return loadTable(groups, 'connections', 'conns', [{ title: 'p50 added over the upstream, ms', value: (row) => (row.added ? spread(row.added, ms) : '(the upstream itself)') }]);
}

export function startupTable(rows) {
  return table(
    ['contender', 'ready ms', 'first list ms', 'ready + first list ms', 'Express package first list / this', 'execute after that list ms', 'first execute, fresh process ms', 'ready + first execute ms', 'tools listed'],
    rows.map((row) => [
      label(row.id),
      spread(row.ready, ms),
      spread(row.firstList, ms),
      spread(row.readyPlusList, ms),
      spread(row.speedup, times),
      spread(row.executeAfterList, ms),
      spread(row.firstExecute, ms),
      spread(row.readyPlusExecute, ms),
      row.tools,
    ]),
  );
}

export function memoryTable(groups) {
  const rows = groups.flatMap((group) => {
    const pkg = group.rows.find((row) => row.id === 'express-package').rss.median;
    return group.rows.map((row) => [group.tools, label(row.id), spread(row.rss, (value) => value.toFixed(1)), times(row.rss.median / pkg)]);
  });
  return table(['tools', 'contender', 'RSS MiB', 'vs Express package (medians)'], rows);
}

export function targetsTable(targets) {
  return table(
    ['target', 'measured: median (min–max) over rounds', 'limit', 'holds', 'server CPU per request (medians)'],
    targets.map((target) => [target.name, target.measured, target.limit, target.holds ? 'holds' : '**does not hold**', target.cpu ?? '']),
  );
}
