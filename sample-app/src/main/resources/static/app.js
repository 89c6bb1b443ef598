// The status page: one card per breaker, refreshed every second from the actuator endpoint.
'use strict';

const ENDPOINT = '/actuator/circuitbreakers';
let chaosAvailable = false;

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

function card(detail) {
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

  const events = document.createElement('ol');
  events.className = 'events';
  events.reversed = true;
  for (const event of detail.events.slice(-5).reverse()) {
    const what = event.type === 'STATE_TRANSITION' ? event.from + ' → ' + event.to + ': ' + event.reason : 'failure: ' + event.reason;
    events.append(text('li', time(event.time) + ' ' + what));
  }
  section.append(events);

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
  document.getElementById('breakers').replaceChildren(...details.map(card));
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
