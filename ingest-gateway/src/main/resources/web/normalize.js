/*
 * Bakery normalization spec v1 in the browser: email (basic and canonical), phone, postal address key, hash
 * canonicalization, and SHA-256 as lowercase hex. It must give exactly what the server's Java implementation
 * (schemas/.../normalize) gives: both pass the shared vector file, and the phone rules follow libphonenumber's
 * parse + isValidNumber step by step on the metadata the server exports from its own libphonenumber jar.
 * Plain script (no modules) so that the page and its Web Worker (importScripts) both load it; exposes
 * self.BakeryNormalize.
 */
(function (global) {
  'use strict';

  // ---------------------------------------------------------------- whitespace (exactly JS trim's set)
  function isSpace(c) {
    return (c >= 9 && c <= 13) || c === 32 || c === 0xA0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
      c === 0x2028 || c === 0x2029 || c === 0x202F || c === 0x205F || c === 0x3000 || c === 0xFEFF;
  }

  function isBlank(text) {
    if (text == null) return true;
    for (let i = 0; i < text.length; i++) {
      if (!isSpace(text.charCodeAt(i))) return false;
    }
    return true;
  }

  function trim(text) {
    let start = 0;
    let end = text.length;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    return text.substring(start, end);
  }

  function containsSpace(text) {
    for (let i = 0; i < text.length; i++) {
      if (isSpace(text.charCodeAt(i))) return true;
    }
    return false;
  }

  // The same set as isSpace, for replace().
  const SPACES = /[\t-\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]/g;

  function removeSpaces(text) {
    return text.replace(SPACES, '');
  }

  /** Java's String.strip(): Character.isWhitespace at both ends (what the server does to record ids). */
  function isJavaWhitespace(c) {
    if (c === 0xA0 || c === 0x2007 || c === 0x202F) return false;
    return (c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x20) || c === 0x1680 || (c >= 0x2000 && c <= 0x2006) ||
      (c >= 0x2008 && c <= 0x200A) || c === 0x2028 || c === 0x2029 || c === 0x205F || c === 0x3000;
  }

  function javaStrip(text) {
    let start = 0;
    let end = text.length;
    while (start < end && isJavaWhitespace(text.charCodeAt(start))) start++;
    while (end > start && isJavaWhitespace(text.charCodeAt(end - 1))) end--;
    return text.substring(start, end);
  }

  const ok = (value) => ({ value: value, rejection: null });
  const rejected = (reason) => ({ value: null, rejection: reason });

  // ---------------------------------------------------------------- email
  const GMAIL_DOMAINS = { 'gmail.com': true, 'googlemail.com': true };

  function hasTwoOrMoreLabels(domain) {
    if (domain.length === 0 || domain.charAt(0) === '.' || domain.charAt(domain.length - 1) === '.' ||
      domain.indexOf('..') >= 0) {
      return false;
    }
    return domain.indexOf('.') > 0;
  }

  /** {local, domain, canonicalLocal, canonicalDomain} or {rejection}. */
  function parseEmail(raw) {
    const trimmed = raw == null ? '' : trim(raw);
    if (trimmed.length === 0) return { rejection: 'EMPTY' };
    // Lower-case first, then compose (as the Java side does).
    const text = trimmed.toLowerCase().normalize('NFC');
    const at = text.indexOf('@');
    if (containsSpace(text) || at <= 0 || at !== text.lastIndexOf('@')) return { rejection: 'INVALID_EMAIL' };
    const local = text.substring(0, at);
    let domain = text.substring(at + 1);
    if (domain.endsWith('.')) domain = domain.substring(0, domain.length - 1);
    if (!hasTwoOrMoreLabels(domain)) return { rejection: 'INVALID_EMAIL' };
    if (!GMAIL_DOMAINS[domain]) return { local: local, domain: domain, canonicalLocal: local, canonicalDomain: domain };
    const plus = local.indexOf('+');
    const canonicalLocal = (plus < 0 ? local : local.substring(0, plus)).split('.').join('');
    if (canonicalLocal.length === 0) return { rejection: 'INVALID_EMAIL' };
    return { local: local, domain: domain, canonicalLocal: canonicalLocal, canonicalDomain: 'gmail.com' };
  }

  function email(raw) {
    const p = parseEmail(raw);
    return p.rejection ? rejected(p.rejection) : ok(p.local + '@' + p.domain);
  }

  function emailCanonical(raw) {
    const p = parseEmail(raw);
    return p.rejection ? rejected(p.rejection) : ok(p.canonicalLocal + '@' + p.canonicalDomain);
  }

  /** Both forms from one parse: {value, canonical} or {rejection}. */
  function emailForms(raw) {
    const p = parseEmail(raw);
    return p.rejection ? { rejection: p.rejection }
      : { value: p.local + '@' + p.domain, canonical: p.canonicalLocal + '@' + p.canonicalDomain, rejection: null };
  }

  // ---------------------------------------------------------------- phone (libphonenumber's parse + isValidNumber)
  let phoneMetadata = null;
  // Compiled patterns by source: Java's matches() (whole input) and lookingAt() (a prefix).
  const fullPatterns = new Map();
  const startPatterns = new Map();

  /** Installs the metadata document served at /web/phone-metadata.json. */
  function setPhoneMetadata(metadata) {
    phoneMetadata = metadata;
    fullPatterns.clear();
    startPatterns.clear();
  }

  function regex(pattern, mode) {
    const cache = mode === 'full' ? fullPatterns : startPatterns;
    let re = cache.get(pattern);
    if (re === undefined) {
      re = new RegExp(mode === 'full' ? '^(?:' + pattern + ')$' : '^(?:' + pattern + ')');
      cache.set(pattern, re);
    }
    return re;
  }

  /** Matcher.matches() of libphonenumber's RegexBasedMatcher: the whole number, never a prefix. */
  function matchesPattern(number, pattern) {
    return pattern.length > 0 && regex(pattern, 'full').test(number);
  }

  /** isNumberMatchingDesc: the possible lengths first (when given), then the pattern. */
  function matchesDesc(number, desc) {
    const lengths = desc[1];
    if (lengths.length > 0 && lengths.indexOf(number.length) < 0) return false;
    return matchesPattern(number, desc[0]);
  }

  // testNumberLength for the general description (type UNKNOWN).
  const IS_POSSIBLE = 0;
  const IS_POSSIBLE_LOCAL_ONLY = 1;
  const TOO_SHORT = 2;
  const INVALID_LENGTH = 3;
  const TOO_LONG = 4;

  function testNumberLength(number, metadata) {
    const lengths = metadata.general[1];
    const local = metadata.general[2];
    if (lengths.length === 0 || lengths[0] === -1) return INVALID_LENGTH;
    const actual = number.length;
    if (local.indexOf(actual) >= 0) return IS_POSSIBLE_LOCAL_ONLY;
    const minimum = lengths[0];
    if (minimum === actual) return IS_POSSIBLE;
    if (minimum > actual) return TOO_SHORT;
    if (lengths[lengths.length - 1] < actual) return TOO_LONG;
    return lengths.indexOf(actual, 1) >= 0 ? IS_POSSIBLE : INVALID_LENGTH;
  }

  // The characters the spec lets through: ASCII digits, whitespace, - ( ) . / and one leading +.
  function hasOnlyPhoneCharacters(text) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const allowed = (c >= 48 && c <= 57) || c === 45 || c === 40 || c === 41 || c === 46 || c === 47 ||
        isSpace(c) || (c === 43 && i === 0);
      if (!allowed) return false;
    }
    return true;
  }

  // libphonenumber's VALID_PUNCTUATION, restricted to the characters the check above lets through.
  function isValidPunctuation(c) {
    return c === 45 || c === 32 || c === 0xA0 || c === 0x3000 || c === 40 || c === 41 || c === 46 || c === 47;
  }

  function isDigit(c) {
    return c >= 48 && c <= 57;
  }

  /** extractPossibleNumber: from the first digit or plus, without trailing non-alphanumerics. */
  function extractPossibleNumber(text) {
    let start = 0;
    while (start < text.length && !isDigit(text.charCodeAt(start)) && text.charCodeAt(start) !== 43) start++;
    if (start === text.length) return '';
    let end = text.length;
    // Trailing characters that are neither digits nor letters (nor '#') go; here that is all but digits.
    while (end > start && !isDigit(text.charCodeAt(end - 1))) end--;
    return text.substring(start, end);
  }

  /** isViablePhoneNumber: two digits, or [+]* then 3+ digits mixed with punctuation only. */
  function isViable(number) {
    if (number.length < 2) return false;
    let i = 0;
    while (i < number.length && number.charCodeAt(i) === 43) i++;
    let digits = 0;
    let plusOnly = true;
    for (let j = i; j < number.length; j++) {
      const c = number.charCodeAt(j);
      if (isDigit(c)) {
        digits++;
      } else if (!isValidPunctuation(c)) {
        return false;
      }
      plusOnly = false;
    }
    if (i === 0 && number.length === 2 && digits === 2) return true;
    return !plusOnly && digits >= 3;
  }

  function digitsOnly(text) {
    return text.replace(/[^0-9]/g, '');
  }

  function regionMetadata(region) {
    return region && phoneMetadata.regions[region] ? phoneMetadata.regions[region] : null;
  }

  function metadataForCallingCode(code, region) {
    return region === '001' ? phoneMetadata.nonGeographic[String(code)] || null : regionMetadata(region);
  }

  /** maybeStripNationalPrefixAndCarrierCode; returns the (possibly) shortened number. */
  function stripNationalPrefix(number, metadata) {
    const prefix = metadata.npp;
    if (number.length === 0 || !prefix) return number;
    const match = regex(prefix, 'start').exec(number);
    if (match === null) return number;
    const general = metadata.general;
    const viableOriginal = matchesPattern(number, general[0]);
    const groups = match.length - 1;
    const rule = metadata.npt;
    // Java's group(0) is the whole match: with no groups and a transform rule, the rule applies.
    if (!rule || match[groups] === undefined) {
      const rest = number.substring(match[0].length);
      if (viableOriginal && !matchesPattern(rest, general[0])) return number;
      return rest;
    }
    const transformed = number.replace(regex(prefix, 'start'), rule);
    if (viableOriginal && !matchesPattern(transformed, general[0])) return number;
    return transformed;
  }

  /** extractCountryCode: the 1-3 leading digits that are a known calling code, or 0. */
  function extractCountryCode(full) {
    if (full.length === 0 || full.charAt(0) === '0') return { code: 0 };
    for (let i = 1; i <= 3 && i <= full.length; i++) {
      const code = parseInt(full.substring(0, i), 10);
      if (phoneMetadata.countryCodes[String(code)]) return { code: code, national: full.substring(i) };
    }
    return { code: 0 };
  }

  class PhoneParseError extends Error {}

  /** maybeExtractCountryCode: {code, national} with code 0 when the number has none. */
  function maybeExtractCountryCode(number, defaultMetadata) {
    if (number.length === 0) return { code: 0, national: '' };
    let full = number;
    let source = 'default';
    let plus = 0;
    while (plus < full.length && full.charCodeAt(plus) === 43) plus++;
    if (plus > 0) {
      full = digitsOnly(full.substring(plus));
      source = 'plus';
    } else {
      full = digitsOnly(full);
      const idd = defaultMetadata ? defaultMetadata.idd : null;
      if (idd) {
        const match = regex(idd, 'start').exec(full);
        if (match !== null) {
          // A calling code never starts with 0: then it was not an IDD after all.
          const after = full.substring(match[0].length);
          if (after.length === 0 || after.charAt(0) !== '0') {
            full = after;
            source = 'idd';
          }
        }
      }
    }
    if (source !== 'default') {
      if (full.length <= 2) throw new PhoneParseError('TOO_SHORT_AFTER_IDD');
      const extracted = extractCountryCode(full);
      if (extracted.code !== 0) return extracted;
      throw new PhoneParseError('INVALID_COUNTRY_CODE');
    }
    if (defaultMetadata) {
      const code = String(defaultMetadata.cc);
      if (full.startsWith(code)) {
        const potential = stripNationalPrefix(full.substring(code.length), defaultMetadata);
        const general = defaultMetadata.general;
        if ((!matchesPattern(full, general[0]) && matchesPattern(potential, general[0])) ||
          testNumberLength(full, defaultMetadata) === TOO_LONG) {
          return { code: defaultMetadata.cc, national: potential };
        }
      }
    }
    return { code: 0, national: '' };
  }

  /** PhoneNumberUtil.parse(text, region): {code, nsn}; throws PhoneParseError. */
  function parsePhone(text, region) {
    if (text.length > 250) throw new PhoneParseError('TOO_LONG');
    const number = extractPossibleNumber(text);
    if (!isViable(number)) throw new PhoneParseError('NOT_A_NUMBER');
    let metadata = regionMetadata(region);
    if (metadata === null && number.charCodeAt(0) !== 43) throw new PhoneParseError('INVALID_COUNTRY_CODE');
    let extracted;
    try {
      extracted = maybeExtractCountryCode(number, metadata);
    } catch (e) {
      if (e instanceof PhoneParseError && e.message === 'INVALID_COUNTRY_CODE' && number.charCodeAt(0) === 43) {
        let plus = 0;
        while (plus < number.length && number.charCodeAt(plus) === 43) plus++;
        extracted = maybeExtractCountryCode(number.substring(plus), metadata);
        if (extracted.code === 0) throw new PhoneParseError('INVALID_COUNTRY_CODE');
      } else {
        throw e;
      }
    }
    let code = extracted.code;
    let national;
    if (code !== 0) {
      national = extracted.national;
      const numberRegion = phoneMetadata.countryCodes[String(code)][0];
      if (numberRegion !== region) metadata = metadataForCallingCode(code, numberRegion);
    } else {
      national = digitsOnly(number);
      if (metadata !== null) code = metadata.cc;
    }
    if (national.length < 2) throw new PhoneParseError('TOO_SHORT_NSN');
    if (metadata !== null) {
      const potential = stripNationalPrefix(national, metadata);
      const result = testNumberLength(potential, metadata);
      if (result !== TOO_SHORT && result !== IS_POSSIBLE_LOCAL_ONLY && result !== INVALID_LENGTH) national = potential;
    }
    if (national.length < 2) throw new PhoneParseError('TOO_SHORT_NSN');
    if (national.length > 17) throw new PhoneParseError('TOO_LONG');
    return { code: code, nsn: canonicalNsn(national) };
  }

  /** The national number as libphonenumber keeps it: a long, plus its leading zeros ("Italian" zeros). */
  function canonicalNsn(national) {
    let zeros = 0;
    if (national.length > 1 && national.charAt(0) === '0') {
      zeros = 1;
      while (zeros < national.length - 1 && national.charAt(zeros) === '0') zeros++;
    }
    const rest = national.substring(zeros).replace(/^0+(?=\d)/, '');
    return '0'.repeat(zeros) + rest;
  }

  function isValidFor(nsn, metadata) {
    if (!matchesDesc(nsn, metadata.general)) return false;
    // getNumberTypeHelper's order; the last type is mobile, skipped when it shares the fixed-line pattern.
    const types = metadata.same ? metadata.types.length - 1 : metadata.types.length;
    for (let i = 0; i < types; i++) {
      if (matchesDesc(nsn, metadata.types[i])) return true;
    }
    return false;
  }

  /** isValidNumber: the region of the number (by leading digits or type when a code is shared), then its types. */
  function isValidNumber(code, nsn) {
    const regions = phoneMetadata.countryCodes[String(code)];
    if (!regions) return false;
    let region = null;
    if (regions.length === 1) {
      region = regions[0];
    } else {
      for (let i = 0; i < regions.length && region === null; i++) {
        const metadata = regionMetadata(regions[i]);
        if (metadata.ld) {
          if (regex(metadata.ld, 'start').test(nsn)) region = regions[i];
        } else if (isValidFor(nsn, metadata)) {
          region = regions[i];
        }
      }
    }
    if (region === null) return false;
    const metadata = metadataForCallingCode(code, region);
    if (metadata === null || (region !== '001' && metadata.cc !== code)) return false;
    return isValidFor(nsn, metadata);
  }

  /** A phone normalizer for one default country (ISO 3166 alpha-2, or blank for none). */
  function phoneNormalizer(defaultCountry) {
    const region = defaultCountry == null || isBlank(defaultCountry) ? 'ZZ' : defaultCountry;
    return function (raw) {
      if (phoneMetadata === null) throw new Error('phone metadata not loaded');
      const text = raw == null ? '' : trim(raw);
      if (text.length === 0) return rejected('EMPTY');
      if (!hasOnlyPhoneCharacters(text)) return rejected('INVALID_PHONE');
      let parsed;
      try {
        parsed = parsePhone(text, region);
      } catch (e) {
        if (e instanceof PhoneParseError) return rejected('INVALID_PHONE');
        throw e;
      }
      return isValidNumber(parsed.code, parsed.nsn) ? ok(String(parsed.code) + parsed.nsn) : rejected('INVALID_PHONE');
    };
  }

  // ---------------------------------------------------------------- postal address key
  const COUNTRY = /^[A-Z]{2}$/;
  const ANY_POSTCODE = /^[A-Z0-9]{2,10}$/;
  const POSTCODES = {
    NL: /^[1-9][0-9]{3}[A-Z]{2}$/,
    BE: /^[1-9][0-9]{3}$/,
    DE: /^[0-9]{5}$/,
    FR: /^[0-9]{5}$/,
    FI: /^[0-9]{5}$/,
    GB: /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/
  };
  const HOUSE_NUMBER = /^0*([1-9][0-9]{0,5})((?![0-9])[\s\S]*)$/;
  const ADDITION = /^[A-Z0-9]{0,10}$/;

  function clean(raw) {
    return raw == null ? '' : trim(raw).toUpperCase();
  }

  function addition(raw) {
    return removeSpaces(clean(raw)).replace(/[-/.]/g, '');
  }

  function postcode(raw, country) {
    let text = clean(raw);
    if (text.length > 3 && text.startsWith(country) && (text.charAt(2) === '-' || isSpace(text.charCodeAt(2)))) {
      text = text.substring(3);
    }
    return removeSpaces(text).replace(/-/g, '');
  }

  /** An address key normalizer; fields: {country, postcode, houseNumber, addition}. */
  function addressNormalizer(defaultCountry) {
    return function (fields) {
      let country = clean(fields.country);
      if (country.length === 0 && defaultCountry) country = defaultCountry.toUpperCase();
      if (country === 'UK') country = 'GB';
      if (!COUNTRY.test(country)) return rejected('INVALID_COUNTRY');
      const code = postcode(fields.postcode, country);
      if (!(POSTCODES[country] || ANY_POSTCODE).test(code)) return rejected('INVALID_POSTCODE');
      const number = HOUSE_NUMBER.exec(clean(fields.houseNumber));
      if (number === null) return rejected('INVALID_HOUSE_NUMBER');
      const embedded = addition(number[2]);
      const separate = addition(fields.addition);
      if (embedded.length > 0 && separate.length > 0) return rejected('INVALID_HOUSE_NUMBER');
      const add = embedded.length === 0 ? separate : embedded;
      if (!ADDITION.test(add)) return rejected('INVALID_HOUSE_NUMBER');
      return ok(country + '|' + code + '|' + number[1] + '|' + add);
    };
  }

  // ---------------------------------------------------------------- SHA-256 (FIPS 180-4), synchronous
  const K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  const W = new Int32Array(64);
  const H = new Int32Array(8);
  let block = new Uint8Array(256);
  const HEX = [];
  for (let i = 0; i < 256; i++) HEX.push((i < 16 ? '0' : '') + i.toString(16));

  /** UTF-8 of text into the padded message buffer (lone surrogates as '?', as Java's getBytes does); its length. */
  function encodeUtf8(text) {
    const worst = text.length * 3 + 72;
    if (block.length < worst) block = new Uint8Array(worst * 2);
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        block[n++] = c;
      } else if (c < 0x800) {
        block[n++] = 0xC0 | (c >> 6);
        block[n++] = 0x80 | (c & 63);
      } else if (c >= 0xD800 && c <= 0xDFFF) {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
          c = 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
          i++;
          block[n++] = 0xF0 | (c >> 18);
          block[n++] = 0x80 | ((c >> 12) & 63);
          block[n++] = 0x80 | ((c >> 6) & 63);
          block[n++] = 0x80 | (c & 63);
        } else {
          block[n++] = 0x3F;
        }
      } else {
        block[n++] = 0xE0 | (c >> 12);
        block[n++] = 0x80 | ((c >> 6) & 63);
        block[n++] = 0x80 | (c & 63);
      }
    }
    return n;
  }

  /** One 64-byte block (in W[0..15]) into H. */
  function compress() {
    for (let t = 16; t < 64; t++) {
      const w15 = W[t - 15];
      const w2 = W[t - 2];
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + S0 + maj) | 0;
    }
    H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
    H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
  }

  function initH() {
    H[0] = 0x6a09e667; H[1] = 0xbb67ae85 | 0; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a | 0;
    H[4] = 0x510e527f; H[5] = 0x9b05688c | 0; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
  }

  function hexOfH() {
    let out = '';
    for (let i = 0; i < 8; i++) {
      const v = H[i];
      out += HEX[(v >>> 24) & 255] + HEX[(v >>> 16) & 255] + HEX[(v >>> 8) & 255] + HEX[v & 255];
    }
    return out;
  }

  /** The common case: ASCII text that fits one block, read into W straight from the string; false otherwise. */
  function shortAscii(text) {
    const n = text.length;
    if (n > 55) return false;
    for (let t = 0; t < 16; t++) W[t] = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 127) return false;
      W[i >> 2] |= c << (24 - ((i & 3) << 3));
    }
    W[n >> 2] |= 0x80 << (24 - ((n & 3) << 3));
    W[15] = n * 8;
    initH();
    compress();
    return true;
  }

  /** SHA-256 of the UTF-8 bytes of text, as 64 lowercase hex characters. */
  function sha256Hex(text) {
    if (shortAscii(text)) return hexOfH();
    const length = encodeUtf8(text);
    const bits = length * 8;
    let padded = length + 1;
    block[length] = 0x80;
    while ((padded % 64) !== 56) block[padded++] = 0;
    // Message length in bits, big-endian 64-bit (texts here are far below 2^32 bits).
    block[padded++] = 0; block[padded++] = 0; block[padded++] = 0; block[padded++] = 0;
    block[padded++] = (bits >>> 24) & 255; block[padded++] = (bits >>> 16) & 255;
    block[padded++] = (bits >>> 8) & 255; block[padded++] = bits & 255;
    initH();
    for (let offset = 0; offset < padded; offset += 64) {
      for (let t = 0; t < 16; t++) {
        const j = offset + t * 4;
        W[t] = (block[j] << 24) | (block[j + 1] << 16) | (block[j + 2] << 8) | block[j + 3];
      }
      compress();
    }
    return hexOfH();
  }

  // ---------------------------------------------------------------- hash canonicalization (what the API accepts)
  const SHA256_OF_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  function canonicalHash(raw) {
    const text = raw == null ? '' : trim(raw);
    if (text.length === 0) return rejected('EMPTY');
    let hex = null;
    if (text.length === 64 && /^[0-9a-fA-F]{64}$/.test(text)) {
      hex = text.toLowerCase();
    } else if (text.length === 44 && text.endsWith('=') && !text.endsWith('==')) {
      let bits = 0;
      let value = 0;
      let out = '';
      let valid = true;
      for (let i = 0; i < 43 && valid; i++) {
        const digit = BASE64.indexOf(text.charAt(i));
        if (digit < 0) {
          valid = false;
        } else {
          value = (value << 6) | digit;
          bits += 6;
          if (bits >= 8) {
            bits -= 8;
            out += HEX[(value >> bits) & 255];
          }
        }
      }
      hex = valid && out.length === 64 ? out : null;
    }
    if (hex === null) return rejected('BAD_HASH');
    return hex === SHA256_OF_EMPTY ? rejected('HASH_OF_EMPTY_VALUE') : ok(hex);
  }

  global.BakeryNormalize = {
    SPEC_VERSION: 1,
    isBlank: isBlank,
    trim: trim,
    javaStrip: javaStrip,
    email: email,
    emailCanonical: emailCanonical,
    emailForms: emailForms,
    setPhoneMetadata: setPhoneMetadata,
    phoneNormalizer: phoneNormalizer,
    addressNormalizer: addressNormalizer,
    canonicalHash: canonicalHash,
    sha256Hex: sha256Hex
  };
})(self);
