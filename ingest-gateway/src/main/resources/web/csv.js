/*
 * CSV reading for the onboarding page's worker, with the server's rules (CsvRecordReader): the delimiter , ; tab
 * or | that occurs most often outside quotes in the header line, RFC 4180 quotes, blank lines skipped but counted
 * in row numbers (the header is row 1), records longer than the limit reported as too long. Text arrives in
 * chunks of any size (File.slice + a streaming TextDecoder), so every state survives a chunk boundary.
 * Also the header-name recognition of `bakery hash` (PlaintextField). Exposes self.BakeryCsv.
 */
(function (global) {
  'use strict';

  const DELIMITERS = [',', ';', '\t', '|'];

  /** The delimiter of the header line found in text (the first chunk); comma if none occurs. */
  function detectDelimiter(text) {
    const counts = [0, 0, 0, 0];
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === '"') {
        quoted = !quoted;
      } else if (!quoted && (c === '\n' || c === '\r')) {
        break;
      } else if (!quoted) {
        const d = DELIMITERS.indexOf(c);
        if (d >= 0) counts[d]++;
      }
    }
    let best = 0;
    for (let d = 1; d < DELIMITERS.length; d++) {
      if (counts[d] > counts[best]) best = d;
    }
    return DELIMITERS[best];
  }

  /**
   * A streaming reader: push(text) and end() call onRecord(fields, rowNumber, tooLong) for every non-blank record.
   * maxRecordChars counts every character of a record including its line break, as the server does.
   */
  class CsvStream {
    constructor(maxRecordChars, onRecord) {
      this.max = maxRecordChars;
      this.onRecord = onRecord;
      this.delimiter = null;
      this.fields = [];
      this.field = '';
      this.quoted = false;
      this.afterQuote = false;
      this.length = 0;
      this.tooLong = false;
      this.skipLf = false;
      this.row = 0;
      this.started = false;
    }

    push(text) {
      if (this.delimiter === null) {
        if (text.length === 0) return;
        this.delimiter = detectDelimiter(text);
      }
      const delimiter = this.delimiter.charCodeAt(0);
      let i = 0;
      if (this.skipLf) {
        this.skipLf = false;
        if (text.charCodeAt(0) === 10) i = 1;
      }
      let segment = i;
      const n = text.length;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        this.started = true;
        if (++this.length > this.max && !this.tooLong) {
          this.tooLong = true;
          this.fields = [];
          this.field = '';
          segment = i;
        }
        if (this.quoted) {
          if (c === 34) {
            if (!this.tooLong) this.field += text.substring(segment, i);
            this.quoted = false;
            this.afterQuote = true;
            segment = i + 1;
          }
          continue;
        }
        if (c === 34) {
          if (!this.tooLong) this.field += text.substring(segment, i) + (this.afterQuote ? '"' : '');
          this.quoted = true;
          this.afterQuote = false;
          segment = i + 1;
        } else if (c === delimiter) {
          if (!this.tooLong) this.field += text.substring(segment, i);
          this.endField();
          this.afterQuote = false;
          segment = i + 1;
        } else if (c === 10 || c === 13) {
          if (!this.tooLong) this.field += text.substring(segment, i);
          if (c === 13) {
            if (i + 1 < n) {
              if (text.charCodeAt(i + 1) === 10) i++;
            } else {
              this.skipLf = true;
            }
          }
          this.endRecord();
          segment = i + 1;
        } else {
          this.afterQuote = false;
        }
      }
      if (!this.tooLong && segment < n) this.field += text.substring(segment, n);
    }

    end() {
      if (this.started) this.endRecord();
    }

    endField() {
      if (!this.tooLong) this.fields.push(this.field);
      this.field = '';
    }

    endRecord() {
      this.endField();
      this.row++;
      const fields = this.fields;
      const tooLong = this.tooLong;
      this.fields = [];
      this.field = '';
      this.quoted = false;
      this.afterQuote = false;
      this.length = 0;
      this.tooLong = false;
      this.started = false;
      if (tooLong || !(fields.length === 1 && fields[0].length === 0)) {
        this.onRecord(fields, this.row, tooLong);
      }
    }
  }

  // The header names `bakery hash` recognizes per field, compared lower-case with letters and digits only.
  const FIELDS = {
    record_id: ['recordid', 'id', 'customerid', 'contactid', 'externalid', 'klantnummer'],
    email: ['email', 'emailaddress', 'mail', 'emailadres'],
    phone: ['phone', 'phonenumber', 'mobile', 'mobilenumber', 'telephone', 'tel', 'telefoon'],
    country: ['country', 'countrycode', 'land'],
    postcode: ['postcode', 'postalcode', 'zip', 'zipcode'],
    house_number: ['housenumber', 'huisnummer'],
    addition: ['addition', 'housenumberaddition', 'housenumbersuffix', 'toevoeging']
  };

  function comparable(header) {
    return header.toLowerCase().replace(/[^\p{L}\p{Nd}]/gu, '');
  }

  /** {field: column index} for the header cells that name a field; a field named twice keeps its first column. */
  function guessColumns(header) {
    const guessed = {};
    for (let i = 0; i < header.length; i++) {
      const name = comparable(header[i]);
      for (const field of Object.keys(FIELDS)) {
        if (FIELDS[field].indexOf(name) >= 0 && guessed[field] === undefined) guessed[field] = i;
      }
    }
    return guessed;
  }

  global.BakeryCsv = {
    CsvStream: CsvStream,
    detectDelimiter: detectDelimiter,
    guessColumns: guessColumns,
    FIELDS: Object.keys(FIELDS)
  };
})(self);
