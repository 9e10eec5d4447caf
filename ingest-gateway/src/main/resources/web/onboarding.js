/*
 * The onboarding page: API key, file, column mapping, preview, then a resumable upload in parts. The file is only
 * ever read by the hash worker; this script sees header names, counts and hashed CSV parts. A part is sent with an
 * Idempotency-Key made of the session and the part number, so sending it again (after a lost answer, a lost
 * connection or a reload) stores nothing twice; which parts are acknowledged is kept in localStorage with the
 * file's fingerprint, so choosing the same file again resumes after the last acknowledged part.
 */
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const KEY_STORE = 'bakery.apiKey';                 // sessionStorage: survives a reload, not the tab
  const RESUME_STORE = 'bakery.onboarding.resume';   // localStorage: the upload in progress
  const FIELD_LABELS = {
    record_id: 'Record id', email: 'Email address', phone: 'Phone number', country: 'Country',
    postcode: 'Postcode', house_number: 'House number', addition: 'House number addition'
  };
  const REASONS = {
    ROW_TOO_LONG: 'row longer than 8192 characters', WRONG_COLUMN_COUNT: 'not as many cells as the header',
    MISSING_RECORD_ID: 'no record id', RECORD_ID_TOO_LONG: 'record id longer than 128 characters',
    INVALID_EMAIL: 'invalid email address', INVALID_PHONE: 'invalid phone number',
    INVALID_COUNTRY: 'invalid country', INVALID_POSTCODE: 'invalid postcode',
    INVALID_HOUSE_NUMBER: 'invalid house number', NO_IDENTIFIER: 'no email, phone or address',
    DUPLICATE_RECORD_ID: 'record id seen earlier in the file', BAD_HASH: 'not a SHA-256 hash',
    HASH_OF_EMPTY_VALUE: 'hash of an empty value'
  };
  const partRows = (() => {
    const asked = parseInt(new URLSearchParams(location.search).get('partRows'), 10);
    return asked >= 100 && asked <= 200000 ? asked : 20000;
  })();

  const state = { key: null, me: null, file: null, fingerprint: null, columns: null, settings: null,
    preview: null, worker: null, resume: null };

  // ------------------------------------------------------------------------------------------- small helpers
  function show(id, visible) { $(id).hidden = !visible; }
  function text(id, value) { $(id).textContent = value; }
  function number(n) { return Number(n).toLocaleString('en'); }
  function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
  function element(tag, attributes, content) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach((name) => node.setAttribute(name, attributes[name]));
    if (content !== undefined) node.textContent = content;
    return node;
  }

  async function api(method, path, body, headers) {
    const response = await fetch(path, {
      method: method,
      headers: Object.assign({ Authorization: 'Bearer ' + state.key }, headers || {}),
      body: body,
      cache: 'no-store'
    });
    let json = null;
    try { json = await response.json(); } catch (e) { json = null; }
    return { status: response.status, ok: response.ok, json: json };
  }

  function worker() {
    if (state.worker === null) state.worker = new Worker('/web/hash-worker.js');
    return state.worker;
  }

  /** Runs one worker task: resolves with the message that ends it, forwards the others to onMessage. */
  function task(message, onMessage) {
    return new Promise((resolve, reject) => {
      const w = worker();
      w.onmessage = (event) => {
        const data = event.data;
        if (data.type === 'error') reject(new Error(data.message));
        else if (data.type === 'done' || (message.type === 'header' && data.type === 'header')) resolve(data);
        else if (onMessage) onMessage(data);
      };
      w.onerror = (event) => reject(new Error(event.message || 'the hashing worker failed'));
      w.postMessage(message);
    });
  }

  function loadResume() {
    try { return JSON.parse(localStorage.getItem(RESUME_STORE)); } catch (e) { return null; }
  }
  function saveResume(resume) { localStorage.setItem(RESUME_STORE, JSON.stringify(resume)); }
  function clearResume() { localStorage.removeItem(RESUME_STORE); }

  async function fingerprint(file) {
    const head = await file.slice(0, 65536).arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', head));
    const hex = Array.from(digest, (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
    return [file.name, file.size, file.lastModified, hex].join('|');
  }

  // ------------------------------------------------------------------------------------------- 1. key
  async function useKey(key) {
    state.key = key;
    text('key-status', 'Checking the key…');
    let answer;
    try {
      answer = await api('GET', '/api/v1/me');
    } catch (e) {
      text('key-status', 'The server cannot be reached; try again.');
      return;
    }
    if (answer.status === 401) {
      text('key-status', 'This key is not valid.');
      sessionStorage.removeItem(KEY_STORE);
      return;
    }
    if (!answer.ok || !answer.json.clientId) {
      text('key-status', 'Use a client\'s API key (an operator key uploads for no client).');
      return;
    }
    if (answer.json.scopes.indexOf('upload') < 0) {
      text('key-status', 'This key may not upload (it lacks the upload scope).');
      return;
    }
    state.me = answer.json;
    sessionStorage.setItem(KEY_STORE, key);
    text('key-status', 'Uploading for client ' + state.me.clientId + '.');
    await loadCountries(state.me.phoneCountry);
    show('step-file', true);
    const resume = loadResume();
    if (resume && resume.clientId === state.me.clientId) {
      const note = $('resume-note');
      note.textContent = 'An upload of ' + resume.fileName + ' stopped after ' + resume.nextPart + ' of '
        + resume.parts + ' parts. Choose the same file to resume it.';
      note.hidden = false;
    }
    $('file').focus();
  }

  async function loadCountries(preferred) {
    const select = $('country');
    if (select.options.length > 0) return;
    const metadata = await (await fetch('/web/phone-metadata.json')).json();
    // The page's normalizer gets the same metadata, e.g. for conformance checks in this window.
    self.BakeryNormalize.setPhoneMetadata(metadata);
    const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;
    select.appendChild(element('option', { value: '' }, '(none: numbers must start with + and a country code)'));
    Object.keys(metadata.regions).sort().forEach((code) => {
      let name = code;
      try { name = names ? names.of(code) + ' (' + code + ')' : code; } catch (e) { name = code; }
      select.appendChild(element('option', { value: code }, name));
    });
    select.value = preferred || '';
  }

  // ------------------------------------------------------------------------------------------- 2. file
  async function chooseFile(file) {
    state.file = file;
    state.preview = null;
    show('step-preview', false);
    show('mapping-form', false);
    text('file-status', 'Reading the header…');
    let header;
    try {
      state.fingerprint = await fingerprint(file);
      header = await task({ type: 'header', file: file });
      state.columns = header.columns;
      buildMapping(header.columns, header.guessed);
    } catch (e) {
      text('file-status', e.message);
      return;
    }
    const resume = loadResume();
    state.resume = resume && resume.fingerprint === state.fingerprint && resume.clientId === state.me.clientId
      ? resume : null;
    if (state.resume) {
      restoreSettings(state.resume.settings);
      text('file-status', 'Same file as the stopped upload: its settings are restored. Check it, then resume.');
    } else {
      text('file-status', number(file.size) + ' bytes, ' + header.columns.length + ' columns.');
    }
    show('mapping-form', true);
  }

  function buildMapping(columns, guessed) {
    const container = $('mapping-fields');
    container.textContent = '';
    Object.keys(FIELD_LABELS).forEach((field) => {
      const wrapper = element('div');
      const id = 'map-' + field;
      wrapper.appendChild(element('label', { for: id }, FIELD_LABELS[field]));
      const select = element('select', { id: id, name: field });
      select.appendChild(element('option', { value: '-1' }, '(not in the file)'));
      columns.forEach((name, index) => {
        select.appendChild(element('option', { value: String(index) }, (index + 1) + ': ' + name));
      });
      select.value = guessed[field] === undefined ? '-1' : String(guessed[field]);
      wrapper.appendChild(select);
      container.appendChild(wrapper);
    });
  }

  function readSettings() {
    const mapping = {};
    Object.keys(FIELD_LABELS).forEach((field) => { mapping[field] = parseInt($('map-' + field).value, 10); });
    const mode = document.querySelector('input[name="mode"]:checked').value;
    return { mapping: mapping, country: $('country').value, mode: mode };
  }

  function restoreSettings(settings) {
    Object.keys(settings.mapping).forEach((field) => { $('map-' + field).value = String(settings.mapping[field]); });
    $('country').value = settings.country;
    $('mode-' + settings.mode).checked = true;
  }

  /** Why the settings cannot work, or null. */
  function settingsProblem(settings) {
    const m = settings.mapping;
    if (m.record_id < 0) return 'Choose the record id column.';
    const used = Object.keys(m).filter((f) => m[f] >= 0).map((f) => m[f]);
    if (new Set(used).size !== used.length) return 'A column is chosen for two fields.';
    if ((m.postcode >= 0) !== (m.house_number >= 0) || (m.addition >= 0 && m.postcode < 0)) {
      return 'An address needs both a postcode and a house number column.';
    }
    if (settings.mode !== 'remove' && m.email < 0 && m.phone < 0 && m.postcode < 0) {
      return 'Choose at least one of email, phone, or postcode and house number.';
    }
    if (m.postcode >= 0 && m.country < 0 && !settings.country) {
      return 'Addresses need a country column or a default country.';
    }
    return null;
  }

  async function check() {
    const settings = readSettings();
    const problem = settingsProblem(settings);
    text('mapping-error', problem || '');
    if (problem) return;
    state.settings = settings;
    $('check').disabled = true;
    text('file-status', 'Checking… 0%');
    try {
      const done = await task({ type: 'run', file: state.file, mapping: settings.mapping, country: settings.country,
        mode: settings.mode, partRows: partRows, emit: false }, (message) => {
        if (message.type === 'progress') {
          text('file-status', 'Checking… ' + Math.floor(100 * message.bytes / Math.max(1, state.file.size)) + '% ('
            + number(message.rows) + ' rows)');
        }
      });
      state.preview = done.report;
      text('file-status', 'Checked ' + number(done.report.rows) + ' rows in ' + done.seconds.toFixed(1) + ' s.');
      renderPreview(done.report);
    } catch (e) {
      text('file-status', e.message);
    } finally {
      $('check').disabled = false;
    }
  }

  // ------------------------------------------------------------------------------------------- 3. preview
  function countsTable(caption, rows) {
    const table = element('table');
    table.appendChild(element('caption', {}, caption));
    const body = element('tbody');
    rows.forEach((row) => {
      const tr = element('tr');
      tr.appendChild(element('th', { scope: 'row' }, row[0]));
      const cell = element('td', row[2] ? { id: row[2] } : {}, typeof row[1] === 'number' ? number(row[1]) : row[1]);
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function rejectedRows(byReason, idPrefix) {
    return Object.keys(byReason).sort().map((reason) => {
      const entry = byReason[reason];
      const rows = entry.rows.map((r) => (typeof r === 'object' ? 'part ' + (r.part + 1) + ' row ' + r.row : r));
      return [(REASONS[reason] || reason) + ' (' + reason + ')', number(entry.count)
        + (rows.length ? ' — rows ' + rows.join(', ') + (entry.count > rows.length ? ', …' : '') : ''),
      idPrefix + reason];
    });
  }

  function renderPreview(report) {
    const box = $('preview');
    box.textContent = '';
    box.appendChild(countsTable('Rows', [
      ['Data rows in the file', report.rows, 'preview-rows'],
      ['Records to send', report.accepted, 'preview-accepted'],
      ['Rows rejected here (not sent)', report.rejected, 'preview-rejected'],
      ['Parts to send', report.parts, 'preview-parts']
    ]));
    box.appendChild(countsTable('Identifiers per type', Object.keys(report.identifiersByType)
      .map((type) => [type, report.identifiersByType[type], 'preview-' + type])));
    if (report.rejected > 0) {
      box.appendChild(countsTable('Rejected rows per reason', rejectedRows(report.rejectedByReason, 'preview-reason-')));
    }
    const button = $('upload');
    button.textContent = state.resume ? 'Resume upload (' + state.resume.nextPart + ' of ' + state.resume.parts
      + ' parts sent)' : 'Upload ' + number(report.accepted) + ' records';
    button.disabled = report.accepted === 0 && state.settings.mode !== 'remove';
    show('step-preview', true);
    button.focus();
  }

  // ------------------------------------------------------------------------------------------- 4. upload
  async function startUpload() {
    const settings = state.settings;
    let resume = state.resume;
    show('step-preview', false);
    show('step-file', false);
    show('step-progress', true);
    text('progress-status', 'Starting…');
    if (!resume) {
      const created = await withRetry('starting the upload', () => api('POST',
        '/api/v1/clients/' + encodeURIComponent(state.me.clientId) + '/upload-sessions'));
      resume = { fingerprint: state.fingerprint, fileName: state.file.name, clientId: state.me.clientId,
        sessionId: created.json.sessionId, settings: settings, parts: state.preview.parts, nextPart: 0,
        total: state.preview.accepted };
      saveResume(resume);
    }
    state.resume = resume;
    const progress = { rowsDone: 0, bytesSent: 0, rowsSent: 0, started: Date.now() };
    await task({ type: 'run', file: state.file, mapping: settings.mapping, country: settings.country,
      mode: settings.mode, partRows: partRows, emit: true }, (message) => {
      if (message.type === 'part') {
        sendPart(resume, message, progress).then(() => worker().postMessage({ type: 'next' }), fail);
      }
    });
    text('progress-status', 'All parts sent; completing the upload…');
    const completed = await withRetry('completing the upload', () => api('POST', sessionPath(resume)
      + '/complete?mode=' + encodeURIComponent(settings.mode) + '&parts=' + resume.parts), [409]);
    clearResume();
    state.resume = null;
    renderReport(completed.json, state.preview);
  }

  function sessionPath(resume) {
    return '/api/v1/clients/' + encodeURIComponent(resume.clientId) + '/upload-sessions/'
      + encodeURIComponent(resume.sessionId);
  }

  async function sendPart(resume, part, progress) {
    if (part.index < resume.nextPart) {
      // Acknowledged before the reload: counted, not sent again.
      progress.rowsDone += part.rows;
      updateProgress(resume, progress);
      return;
    }
    text('progress-status', 'Sending part ' + (part.index + 1) + ' of ' + resume.parts + '…');
    const path = '/api/v1/clients/' + encodeURIComponent(resume.clientId) + '/uploads?mode='
      + encodeURIComponent(resume.settings.mode) + '&session=' + encodeURIComponent(resume.sessionId)
      + '&part=' + part.index;
    await withRetry('sending part ' + (part.index + 1), () => api('POST', path, part.csv, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Idempotency-Key': resume.sessionId + '-part-' + part.index
    }), [409]);
    resume.nextPart = part.index + 1;
    saveResume(resume);
    progress.rowsDone += part.rows;
    progress.rowsSent += part.rows;
    progress.bytesSent += part.csv.length;
    updateProgress(resume, progress);
  }

  /**
   * Calls request until it answers 2xx. A lost connection, 5xx and the statuses in retryable (e.g. 409 while the
   * same part is still being stored) are retried with a growing pause; any other answer stops the upload.
   */
  async function withRetry(what, request, retryable) {
    let pause = 1000;
    for (let attempt = 1; ; attempt++) {
      let answer = null;
      try {
        answer = await request();
      } catch (e) {
        answer = null;
      }
      if (answer !== null && answer.ok) return answer;
      if (answer !== null && answer.status < 500 && (retryable || []).indexOf(answer.status) < 0) {
        throw new Error('The server refused ' + what + ' (HTTP ' + answer.status + '): '
          + (answer.json && answer.json.error ? answer.json.error : 'no reason given'));
      }
      text('progress-status', (answer === null ? 'Connection lost' : 'The server is busy (HTTP ' + answer.status + ')')
        + ' while ' + what + '; retrying in ' + Math.round(pause / 1000) + ' s (attempt ' + attempt + ').'
        + ' You may also close this page: choosing the same file later resumes the upload.');
      await Promise.race([sleep(pause), new Promise((resolve) => window.addEventListener('online', resolve,
        { once: true }))]);
      pause = Math.min(pause * 2, 30000);
    }
  }

  function updateProgress(resume, progress) {
    const total = Math.max(1, resume.total);
    $('progress-bar').value = Math.round(100 * progress.rowsDone / total);
    text('progress-rows', number(progress.rowsDone) + ' of ' + number(resume.total));
    text('progress-mb', (progress.bytesSent / 1e6).toFixed(1) + ' MB');
    const seconds = (Date.now() - progress.started) / 1000;
    const rate = seconds > 0 ? progress.rowsSent / seconds : 0;
    text('progress-rate', rate > 0 ? number(Math.round(rate)) + ' rows/s' : '–');
    const left = rate > 0 ? (resume.total - progress.rowsDone) / rate : NaN;
    text('progress-left', isFinite(left) ? Math.max(0, Math.round(left)) + ' s' : '–');
  }

  function fail(e) {
    text('progress-status', (e && e.message ? e.message : String(e))
      + ' Nothing more is sent; choosing the same file again resumes from the last acknowledged part.');
    if (state.worker) {
      state.worker.terminate();
      state.worker = null;
    }
  }

  // ------------------------------------------------------------------------------------------- 5. report
  function renderReport(server, browser) {
    show('step-progress', false);
    const box = $('report');
    box.textContent = '';
    const matches = server.accepted === browser.accepted;
    box.appendChild(element('p', { id: 'report-verdict', class: matches ? 'ok' : 'error' }, matches
      ? 'Done: every record the file holds is stored (upload ' + server.uploadId + ').'
      : 'The server stored ' + number(server.accepted) + ' records, the file holds ' + number(browser.accepted) + '.'));
    box.appendChild(countsTable('Server report', [
      ['Upload id', server.uploadId, 'report-upload-id'],
      ['Mode', server.mode, 'report-mode'],
      ['Parts', server.parts, 'report-parts'],
      ['Records received', server.rows, 'report-rows'],
      ['Records stored', server.accepted, 'report-accepted'],
      ['Records refused by the server', server.rejected, 'report-rejected'],
      ['Hashed data received', number(server.bodyBytes) + ' bytes', 'report-bytes']
    ]));
    box.appendChild(countsTable('Identifiers stored per type', Object.keys(server.identifiersByType)
      .map((type) => [type, server.identifiersByType[type], 'report-' + type])));
    if (server.rejected > 0) {
      box.appendChild(countsTable('Refused by the server', rejectedRows(server.rejectedByReason, 'report-reason-')));
    }
    if (browser.rejected > 0) {
      box.appendChild(countsTable('Rejected in this browser (never sent)',
        rejectedRows(browser.rejectedByReason, 'report-browser-')));
    }
    show('step-report', true);
    box.focus();
  }

  // ------------------------------------------------------------------------------------------- wiring
  document.addEventListener('DOMContentLoaded', () => {
    $('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (key) useKey(key);
    });
    $('file').addEventListener('change', () => {
      if ($('file').files.length > 0) chooseFile($('file').files[0]);
    });
    $('mapping-form').addEventListener('submit', (event) => {
      event.preventDefault();
      check();
    });
    $('upload').addEventListener('click', () => startUpload().catch(fail));
    $('cancel').addEventListener('click', () => {
      show('step-preview', false);
      $('file').value = '';
      $('file').focus();
    });
    $('again').addEventListener('click', () => {
      show('step-report', false);
      show('step-file', true);
      show('mapping-form', false);
      $('file').value = '';
      text('file-status', '');
      $('file').focus();
    });
    const key = sessionStorage.getItem(KEY_STORE);
    if (key) {
      $('api-key').value = key;
      useKey(key);
    }
  });
})();
