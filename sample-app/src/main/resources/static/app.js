// The status page: one card per breaker, refreshed every second from the actuator endpoint.
'use strict';

const ENDPOINT = '/actuator/circuitbreakers';
const WINDOW_MS = 5 * 60 * 1000;
const SVG = 'http://www.w3.org/2000/svg';
const STATE_COLOURS = {CLOSED: '#2e9d4f', DISABLED: '#2e9d4f', HALF_OPEN: '#e0b000', OPEN: '#d0342c', FORCED_OPEN: '#d0342c'};
const OUTCOME_COLOURS = {ok: '#2e9d4f', failed: '#d0342c', rejected: '#8a94a6'};
let chaosAvailable = false;
// The last five minutes of every breaker, sampled at each refresh: time, state and the running totals.
const history = new Map();

async function json(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) {
    throw new Error(url + ' answered ' + response.status);
  }
  return response.json();
}

function post(url, body) {
  return json(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
}

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) {
    element.className = className;
  }
  return element;
}

function percent(rate) {
  return rate < 0 ? '–' : (rate * 100).toFixed(1) + ' %';
}

function time(instant) {
  return instant ? new Date(instant).toLocaleTimeString() : '-';
}

function button(label, action, className) {
  const element = text('button', label, className);
  element.type = 'button';
  element.addEventListener('click', async () => {
    try {
      await action();
      await refresh();
    } catch (e) {
      document.getElementById('status').textContent = e.message;
    }
  });
  return element;
}

function remember(snapshot, now) {
  const samples = history.get(snapshot.name) || [];
  samples.push({t: now, state: snapshot.state, ok: snapshot.successes + snapshot.ignored,
    failed: snapshot.failures, rejected: snapshot.rejected});
  while (samples.length > 0 && samples[0].t < now - WINDOW_MS) {
    samples.shift();
  }
  history.set(snapshot.name, samples);
  return samples;
}

function svg(tag, attributes) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  return element;
}

// The state over time: one band per run of samples in the same state, oldest on the left.
function timeline(samples, now) {
  const chart = svg('svg', {class: 'timeline', viewBox: '0 0 300 12', preserveAspectRatio: 'none', role: 'img'});
  chart.append(svg('title', {}));
  chart.firstChild.textContent = 'state over the last 5 minutes';
  let start = 0;
  for (let i = 1; i <= samples.length; i++) {
    if (i < samples.length && samples[i].state === samples[start].state) {
      continue;
    }
    const from = Math.max(0, 300 - (now - samples[start].t) / 1000);
    const to = i < samples.length ? 300 - (now - samples[i].t) / 1000 : 300;
    chart.append(svg('rect', {x: from, y: 0, width: Math.max(to - from, 0.5), height: 12,
      fill: STATE_COLOURS[samples[start].state] || '#999', 'data-state': samples[start].state}));
    start = i;
  }
  return chart;
}

// Calls per second by outcome, stacked, from the differences between consecutive samples.
function rates(samples, now) {
  const chart = svg('svg', {class: 'rates', viewBox: '0 0 300 40', preserveAspectRatio: 'none', role: 'img'});
  chart.append(svg('title', {}));
  chart.firstChild.textContent = 'calls per second by outcome over the last 5 minutes';
  const bars = [];
  for (let i = 1; i < samples.length; i++) {
    const seconds = Math.max((samples[i].t - samples[i - 1].t) / 1000, 0.001);
    bars.push({x: 300 - (now - samples[i].t) / 1000, width: seconds,
      ok: (samples[i].ok - samples[i - 1].ok) / seconds,
      failed: (samples[i].failed - samples[i - 1].failed) / seconds,
      rejected: (samples[i].rejected - samples[i - 1].rejected) / seconds});
  }
  const peak = Math.max(1, ...bars.map(bar => bar.ok + bar.failed + bar.rejected));
  for (const bar of bars) {
    let y = 40;
    for (const outcome of ['ok', 'failed', 'rejected']) {
      const height = 40 * bar[outcome] / peak;
      if (height > 0) {
        y -= height;
        chart.append(svg('rect', {x: bar.x - bar.width, y: y, width: bar.width, height: height,
          fill: OUTCOME_COLOURS[outcome], 'data-outcome': outcome}));
      }
    }
  }
  return chart;
}

function charts(samples, now) {
  const figure = document.createElement('figure');
  figure.className = 'history';
  const caption = text('figcaption', 'last 5 min: state; calls/s (peak ' + peakRate(samples) + ') ');
  for (const [outcome, colour] of Object.entries(OUTCOME_COLOURS)) {
    const key = text('span', outcome, 'key');
    key.style.borderColor = colour;
    caption.append(key);
  }
  figure.append(timeline(samples, now), rates(samples, now), caption);
  return figure;
}

function peakRate(samples) {
  let peak = 0;
  for (let i = 1; i < samples.length; i++) {
    const seconds = Math.max((samples[i].t - samples[i - 1].t) / 1000, 0.001);
    const calls = samples[i].ok + samples[i].failed + samples[i].rejected
      - samples[i - 1].ok - samples[i - 1].failed - samples[i - 1].rejected;
    peak = Math.max(peak, calls / seconds);
  }
  return peak.toFixed(1);
}

// Fleet mode (the cluster profile): every live replica's state of the breaker, from the fleet view.
function fleet(cluster) {
  const block = document.createElement('div');
  block.className = 'fleet';
  block.append(text('h3', 'fleet ' + cluster.namespace
    + (cluster.connected ? '' : ' · Redis unreachable, deciding locally')));
  const list = document.createElement('ul');
  for (const entry of cluster.instances || []) {
    const item = text('li', entry.instance + (entry.instance === cluster.instance ? ' (this one)' : '') + ': '
      + entry.state + ' since ' + time(entry.since));
    item.dataset.state = entry.state;
    list.append(item);
  }
  block.append(list);
  return block;
}

function card(detail, now) {
  const snapshot = detail.snapshot;
  const name = snapshot.name;
  const section = document.createElement('section');
  section.className = 'card ' + snapshot.state.toLowerCase();
  section.id = 'breaker-' + name;
  section.dataset.state = snapshot.state;

  const title = document.createElement('h2');
  title.append(text('span', name), text('span', snapshot.state, 'state'));
  section.append(title);

  const figures = document.createElement('dl');
  const rows = [
    ['consecutive failures', snapshot.consecutiveFailures],
    ['calls ok / failed / ignored', snapshot.successes + ' / ' + snapshot.failures + ' / ' + snapshot.ignored],
    ['rejected', snapshot.rejected],
    ['failure rate', percent(snapshot.failureRate)],
    ['throttled', snapshot.throttleProbability > 0 ? percent(snapshot.throttleProbability) + ' of calls' : '-'],
    ['last failure', snapshot.lastFailure ? time(snapshot.lastFailure.time) + ' ' + snapshot.lastFailure.reason : '-'],
    ['next attempt', snapshot.state === 'OPEN' && !snapshot.nextAttemptAt ? 'after an operator reset' : time(snapshot.nextAttemptAt)],
  ];
  for (const [label, value] of rows) {
    figures.append(text('dt', label), text('dd', String(value)));
  }
  section.append(figures);
  section.append(charts(remember(snapshot, now), now));

  const events = document.createElement('ol');
  events.className = 'events';
  events.reversed = true;
  for (const event of detail.events.slice(-5).reverse()) {
    const what = event.type === 'STATE_TRANSITION' ? event.from + ' → ' + event.to + ': ' + event.reason : 'failure: ' + event.reason;
    events.append(text('li', time(event.time) + ' ' + what));
  }
  section.append(events);
  if (detail.cluster && detail.cluster.fleetWide) {
    section.append(fleet(detail.cluster));
  }

  const buttons = document.createElement('div');
  buttons.className = 'buttons';
  if (chaosAvailable) {
    buttons.append(button('Break it', () => post('/chaos/' + name, {failureRate: 1.0, latencyMs: 0}), 'danger'));
    buttons.append(button('Heal it', () => post('/chaos/' + name, {failureRate: 0, latencyMs: 0})));
  }
  buttons.append(button('Reset', () => post(ENDPOINT + '/' + encodeURIComponent(name), {action: 'RESET'})));
  section.append(buttons);
  return section;
}

async function refresh() {
  const list = await json(ENDPOINT);
  const names = Object.keys(list.breakers);
  const details = await Promise.all(names.map(name => json(ENDPOINT + '/' + encodeURIComponent(name))));
  const now = Date.now();
  document.getElementById('breakers').replaceChildren(...details.map(detail => card(detail, now)));
  const open = details.filter(detail => detail.snapshot.state !== 'CLOSED' && detail.snapshot.state !== 'DISABLED').length;
  document.getElementById('status').textContent =
    names.length + ' breakers, ' + (open === 0 ? 'all closed' : open + ' not closed') + ' · ' + new Date().toLocaleTimeString();
}

async function start() {
  try {
    await json('/chaos');
    chaosAvailable = true;
  } catch (e) {
    document.getElementById('chaos-note').textContent = 'Fault injection is off (start with the demo profile to break things).';
  }
  const tick = async () => {
    try {
      await refresh();
    } catch (e) {
      document.getElementById('status').textContent = 'cannot reach the service: ' + e.message;
    }
    setTimeout(tick, 1000);
  };
  tick();
}

start();
