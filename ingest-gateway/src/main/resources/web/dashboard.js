/*
 * The client dashboard: the match funnel as a bar chart with its numbers, the recent uploads with their reports,
 * and the recent export files, from the gateway's JSON routes (which read the topics; nothing here calls another
 * component). Everything is built with DOM calls, never from HTML strings.
 */
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const KEY_STORE = 'bakery.apiKey';
  const SVG = 'http://www.w3.org/2000/svg';
  const state = { key: null, me: null, clientId: null };

  function number(n) { return Number(n).toLocaleString('en'); }
  function element(tag, attributes, content) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach((name) => node.setAttribute(name, attributes[name]));
    if (content !== undefined) node.textContent = content;
    return node;
  }
  function svg(tag, attributes, content) {
    const node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach((name) => node.setAttribute(name, attributes[name]));
    if (content !== undefined) node.textContent = content;
    return node;
  }

  async function get(path) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + state.key }, cache: 'no-store' });
    const json = await response.json().catch(() => null);
    if (!response.ok) throw new Error((json && json.error) || ('HTTP ' + response.status));
    return json;
  }

  function table(caption, headers, rows, id) {
    const t = element('table', id ? { id: id } : {});
    t.appendChild(element('caption', {}, caption));
    const head = element('thead');
    const tr = element('tr');
    headers.forEach((h) => tr.appendChild(element('th', { scope: 'col', class: h[1] || '' }, h[0])));
    head.appendChild(tr);
    t.appendChild(head);
    const body = element('tbody');
    rows.forEach((row) => {
      const r = element('tr');
      row.forEach((cell, i) => r.appendChild(element('td', { class: headers[i][1] || '' }, cell)));
      body.appendChild(r);
    });
    t.appendChild(body);
    return t;
  }

  // ------------------------------------------------------------------------------------------- funnel
  function renderFunnel(funnel) {
    const box = $('funnel');
    box.textContent = '';
    if (!funnel.available) {
      $('funnel-updated').textContent = 'No statistics yet: the matching topology publishes them at an interval.';
      return;
    }
    $('funnel-updated').textContent = 'Updated ' + funnel.updatedAt;
    const steps = [
      ['CRM records', funnel.records, 'funnel-records'],
      ['Linked to a Bakery id', funnel.recordsLinked, 'funnel-linked'],
      ['Matched to a DMP cookie', funnel.recordsMatched, 'funnel-matched'],
      ['Matched cookies seen in the last 24 h', funnel.cookiesMatchedSeenLast24h, 'funnel-seen']
    ];
    const max = Math.max(1, steps[0][1], ...steps.map((s) => s[1]));
    const width = 640;
    const labelWidth = 260;
    const barHeight = 28;
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + (steps.length * (barHeight + 12)), role: 'img',
      'aria-labelledby': 'funnel-chart-title', width: '100%' });
    chart.appendChild(svg('title', { id: 'funnel-chart-title' }, 'Match funnel: ' + steps.map((s) => s[0] + ' '
      + number(s[1])).join(', ')));
    steps.forEach((step, i) => {
      const y = i * (barHeight + 12);
      const length = Math.max(2, Math.round((width - labelWidth - 90) * step[1] / max));
      chart.appendChild(svg('text', { x: 0, y: y + barHeight * 0.68 }, step[0]));
      chart.appendChild(svg('rect', { x: labelWidth, y: y, width: length, height: barHeight, rx: 3,
        fill: ['#0b57d0', '#3b78e7', '#6c9cf0', '#136c2e'][i] }));
      chart.appendChild(svg('text', { x: labelWidth + length + 8, y: y + barHeight * 0.68 }, number(step[1])));
    });
    box.appendChild(chart);
    const rate = (a, b) => (b > 0 ? (100 * a / b).toFixed(1) + ' %' : '–');
    box.appendChild(table('Funnel numbers', [['Step'], ['Count', 'number'], ['Share of the step before', 'number']],
      steps.map((s, i) => [s[0], number(s[1]), i === 0 ? '' : rate(s[1], i === 3 ? funnel.cookiesMatched
        : steps[i - 1][1])]), 'funnel-table'));
    box.appendChild(element('p', { class: 'note' }, 'DMP cookies matched to a record: ' + number(funnel.cookiesMatched)
      + '. The last step counts those cookies that a sync pixel reported in the last 24 hours.'));
  }

  // ------------------------------------------------------------------------------------------- uploads
  function renderUploads(uploads) {
    const box = $('uploads');
    box.textContent = '';
    if (uploads.length === 0) {
      box.appendChild(element('p', {}, 'No uploads yet.'));
      return;
    }
    box.appendChild(table('Latest first', [['When'], ['Upload'], ['Mode'], ['Rows', 'number'], ['Stored', 'number'],
      ['Rejected', 'number'], ['Status']], uploads.map((u) => {
      const r = u.report || {};
      return [u.at, u.uploadId || '', r.mode || '', r.rows === undefined ? '' : number(r.rows),
        r.accepted === undefined ? '' : number(r.accepted), r.rejected === undefined ? '' : number(r.rejected),
        u.error ? 'refused: ' + u.error : (r.status || u.action)];
    }), 'uploads-table'));
    uploads.filter((u) => u.report).forEach((u) => {
      const details = element('details');
      details.appendChild(element('summary', {}, 'Report of ' + u.uploadId));
      const r = u.report;
      const rows = [];
      Object.keys(r.identifiersByType || {}).forEach((t) => rows.push([t, number(r.identifiersByType[t])]));
      Object.keys(r.rejectedByReason || {}).forEach((reason) => rows.push(['rejected: ' + reason,
        number(r.rejectedByReason[reason].count)]));
      details.appendChild(table('Counts', [['What'], ['Count', 'number']], rows));
      box.appendChild(details);
    });
  }

  // ------------------------------------------------------------------------------------------- exports
  function renderExports(exports) {
    const box = $('exports');
    box.textContent = '';
    if (exports.length === 0) {
      box.appendChild(element('p', {}, 'No export files yet: the first one is written after the first closed day.'));
      return;
    }
    box.appendChild(table('Latest day first', [['Day'], ['Rows', 'number'], ['SHA-256', 'hash'], ['Delivery'],
      ['File']], exports.map((e) => [e.day, number(e.rows), e.sha256,
      e.state === 'DELIVERED' ? 'delivered ' + e.at : 'being delivered', e.fileName]), 'exports-table'));
  }

  // ------------------------------------------------------------------------------------------- wiring
  async function show() {
    $('status').textContent = 'Loading…';
    try {
      const base = '/api/v1/clients/' + encodeURIComponent(state.clientId);
      const [funnel, uploads, exports] = await Promise.all([get(base + '/funnel'), get(base + '/recent-uploads'),
        get(base + '/exports')]);
      renderFunnel(funnel);
      renderUploads(uploads.uploads);
      renderExports(exports.exports);
      ['funnel-section', 'uploads-section', 'exports-section'].forEach((id) => { $(id).hidden = false; });
      $('refresh').hidden = false;
      $('status').textContent = 'Client ' + state.clientId + ', as of ' + new Date().toLocaleTimeString('en') + '.';
    } catch (e) {
      $('status').textContent = e.message;
    }
  }

  async function useKey(key) {
    state.key = key;
    try {
      state.me = await get('/api/v1/me');
    } catch (e) {
      $('status').textContent = 'This key is not valid.';
      sessionStorage.removeItem(KEY_STORE);
      return;
    }
    if (state.me.scopes.indexOf('read') < 0) {
      $('status').textContent = 'This key may not read reports (it lacks the read scope).';
      return;
    }
    sessionStorage.setItem(KEY_STORE, key);
    if (state.me.clientId) {
      state.clientId = state.me.clientId;
    } else {
      const select = $('client');
      if (select.options.length === 0) {
        state.me.clients.forEach((c) => select.appendChild(element('option', { value: c }, c)));
      }
      $('client-choice').hidden = false;
      state.clientId = select.value;
    }
    await show();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (key && key === state.key && state.me && !state.me.clientId) {
        state.clientId = $('client').value;
        show();
      } else if (key) {
        useKey(key);
      }
    });
    $('refresh').addEventListener('click', show);
    const key = sessionStorage.getItem(KEY_STORE);
    if (key) {
      $('api-key').value = key;
      useKey(key);
    }
  });
})();
