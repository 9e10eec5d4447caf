/*
 * The onboarding page's Web Worker: streams the chosen CSV file in slices, normalizes every row with spec v1 and
 * hashes it with SHA-256, and hands the page only counts and hashed CSV parts. The plaintext never leaves this
 * worker: the page never sees a cell, and what it uploads is the hashed CSV the upload API reads.
 *
 * Messages in:  {type: 'header', file}
 *               {type: 'run', file, mapping, country, mode, partRows, emit}
 *               {type: 'next'}  (after a 'part': the page has it, produce the next one)
 * Messages out: {type: 'header', columns, guessed, delimiter} | {type: 'progress', bytes, rows}
 *               {type: 'part', index, csv, rows} | {type: 'done', report, seconds} | {type: 'error', message}
 */
'use strict';
importScripts('normalize.js', 'csv.js');

const N = self.BakeryNormalize;
const SLICE = 4 * 1024 * 1024;
const MAX_ROW_CHARS = 8192;        // the server's limit for a plaintext row (bakery hash)
const MAX_RECORD_ID_CHARS = 128;   // the upload API's record id limit
const SAMPLE_ROWS = 10;

let metadataLoaded = null;
let resumeWaiting = null;

function loadMetadata() {
  if (metadataLoaded === null) {
    metadataLoaded = fetch('phone-metadata.json')
      .then((response) => {
        if (!response.ok) throw new Error('phone metadata: HTTP ' + response.status);
        return response.json();
      })
      .then((metadata) => N.setPhoneMetadata(metadata));
  }
  return metadataLoaded;
}

/** Reads the file as text slice by slice, calling onText for each decoded piece; stops early when it says so. */
async function readText(file, onText, onProgress) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let offset = 0; offset < file.size; offset += SLICE) {
    const bytes = await file.slice(offset, Math.min(offset + SLICE, file.size)).arrayBuffer();
    let text;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch (e) {
      throw new Error('the file is not UTF-8 text (near byte ' + offset + '); save it as CSV UTF-8');
    }
    if ((await onText(text)) === false) return;
    if (onProgress) onProgress(Math.min(offset + SLICE, file.size));
  }
  await onText(decoder.decode());
}

async function header(file) {
  let result = null;
  const stream = new self.BakeryCsv.CsvStream(MAX_ROW_CHARS, (fields) => {
    if (result === null) result = fields;
  });
  await readText(file, (text) => {
    stream.push(text);
    return result === null;
  });
  if (result === null) stream.end();
  if (result === null) throw new Error('the file is empty: a header row is required');
  postMessage({ type: 'header', columns: result, guessed: self.BakeryCsv.guessColumns(result),
    delimiter: stream.delimiter });
}

function csvField(value) {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return '"' + value.split('"').join('""') + '"';
  }
  return value;
}

/** Hashes the whole file; with emit, posts hashed CSV parts of partRows accepted rows and waits for 'next'. */
async function run(message) {
  await loadMetadata();
  const started = Date.now();
  const mapping = message.mapping;
  const remove = message.mode === 'remove';
  const has = (field) => mapping[field] !== undefined && mapping[field] !== null && mapping[field] >= 0;
  const email = !remove && has('email');
  const phone = !remove && has('phone');
  const address = !remove && has('postcode') && has('house_number');
  const phoneOf = N.phoneNormalizer(message.country);
  const addressOf = N.addressNormalizer(message.country);
  const columns = ['record_id'];
  if (email) columns.push('email_sha256', 'email_canonical_sha256');
  if (phone) columns.push('phone_sha256');
  if (address) columns.push('address_sha256');
  const headerLine = columns.join(',') + '\n';

  const report = { rows: 0, accepted: 0, rejected: 0, rejectedByReason: {}, identifiersByType: {}, parts: 0,
    columns: columns };
  for (const column of columns.slice(1)) report.identifiersByType[column] = 0;
  const seen = new Set();
  let width = -1;
  let part = [];
  let partIndex = 0;
  const pending = [];

  const reject = (row, reason) => {
    report.rows++;
    report.rejected++;
    let entry = report.rejectedByReason[reason];
    if (!entry) entry = report.rejectedByReason[reason] = { count: 0, rows: [] };
    entry.count++;
    if (entry.rows.length < SAMPLE_ROWS) entry.rows.push(row);
  };
  const present = (value) => value !== undefined && !N.isBlank(value);

  const onRecord = (fields, row, tooLong) => {
    if (width < 0) {
      width = fields.length;
      return;
    }
    if (tooLong) return reject(row, 'ROW_TOO_LONG');
    if (fields.length !== width) return reject(row, 'WRONG_COLUMN_COUNT');
    const recordId = N.javaStrip(fields[mapping.record_id] || '');
    if (recordId.length === 0) return reject(row, 'MISSING_RECORD_ID');
    if (recordId.length > MAX_RECORD_ID_CHARS) return reject(row, 'RECORD_ID_TOO_LONG');
    let line = csvField(recordId);
    let identifiers = 0;
    if (email) {
      const raw = fields[mapping.email];
      if (present(raw)) {
        const forms = N.emailForms(raw);
        if (forms.rejection) return reject(row, forms.rejection);
        line += ',' + N.sha256Hex(forms.value) + ',' + N.sha256Hex(forms.canonical);
        identifiers |= 1;
      } else {
        line += ',,';
      }
    }
    if (phone) {
      const raw = fields[mapping.phone];
      if (present(raw)) {
        const normalized = phoneOf(raw);
        if (normalized.rejection) return reject(row, normalized.rejection);
        line += ',' + N.sha256Hex(normalized.value);
        identifiers |= 2;
      } else {
        line += ',';
      }
    }
    if (address) {
      const fieldsOf = {
        country: has('country') ? fields[mapping.country] : undefined,
        postcode: fields[mapping.postcode],
        houseNumber: fields[mapping.house_number],
        addition: has('addition') ? fields[mapping.addition] : undefined
      };
      // A country alone is no address (exports often fill it in every row), as on the server.
      if (present(fieldsOf.postcode) || present(fieldsOf.houseNumber) || present(fieldsOf.addition)) {
        const normalized = addressOf(fieldsOf);
        if (normalized.rejection) return reject(row, normalized.rejection);
        line += ',' + N.sha256Hex(normalized.value);
        identifiers |= 4;
      } else {
        line += ',';
      }
    }
    if (!remove && identifiers === 0) return reject(row, 'NO_IDENTIFIER');
    if (seen.has(recordId)) return reject(row, 'DUPLICATE_RECORD_ID');
    seen.add(recordId);
    report.rows++;
    report.accepted++;
    if (identifiers & 1) {
      report.identifiersByType.email_sha256++;
      report.identifiersByType.email_canonical_sha256++;
    }
    if (identifiers & 2) report.identifiersByType.phone_sha256++;
    if (identifiers & 4) report.identifiersByType.address_sha256++;
    if (message.emit) {
      part.push(line);
      if (part.length >= message.partRows) {
        pending.push({ index: partIndex++, csv: headerLine + part.join('\n') + '\n', rows: part.length });
        part = [];
      }
    }
  };

  const stream = new self.BakeryCsv.CsvStream(MAX_ROW_CHARS, onRecord);
  let lastProgress = 0;
  const flush = async () => {
    while (pending.length > 0) {
      const next = pending.shift();
      postMessage({ type: 'part', index: next.index, csv: next.csv, rows: next.rows });
      await new Promise((resolve) => { resumeWaiting = resolve; });
    }
  };
  await readText(message.file, async (text) => {
    stream.push(text);
    await flush();
  }, (bytes) => {
    const now = Date.now();
    if (now - lastProgress > 100) {
      lastProgress = now;
      postMessage({ type: 'progress', bytes: bytes, rows: report.rows });
    }
  });
  stream.end();
  if (width < 0) throw new Error('the file is empty: a header row is required');
  if (message.emit && part.length > 0) {
    pending.push({ index: partIndex++, csv: headerLine + part.join('\n') + '\n', rows: part.length });
    part = [];
  }
  await flush();
  report.parts = message.emit ? partIndex : Math.ceil(report.accepted / message.partRows);
  postMessage({ type: 'progress', bytes: message.file.size, rows: report.rows });
  postMessage({ type: 'done', report: report, seconds: (Date.now() - started) / 1000 });
}

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'next') {
    const resume = resumeWaiting;
    resumeWaiting = null;
    if (resume) resume();
    return;
  }
  const task = message.type === 'header' ? header(message.file) : run(message);
  task.catch((e) => postMessage({ type: 'error', message: e && e.message ? e.message : String(e) }));
};
