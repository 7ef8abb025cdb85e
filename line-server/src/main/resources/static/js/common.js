/*
 * Andon web UI, shared by every page: sign-in storage, REST calls with HTTP Basic, the STOMP link, commands matched
 * to their results by commandId, the two languages, and time formatting. Plain browser JavaScript, no build step.
 */
'use strict';

const Andon = (() => {
  const LANGS = ['en', 'zh-CN'];
  let bundle = {};
  let fallback = {};
  let lang = 'en';

  // ---- language ----------------------------------------------------------------------------------------------
  function chooseLanguage() {
    const saved = localStorage.getItem('andon.lang');
    if (LANGS.includes(saved)) {
      return saved;
    }
    const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (const l of wanted) {
      if (l && l.toLowerCase().startsWith('zh')) {
        return 'zh-CN';
      }
      if (l && l.toLowerCase().startsWith('en')) {
        return 'en';
      }
    }
    return 'en';
  }

  async function loadBundle(code) {
    const response = await fetch('i18n/' + code + '.json', { cache: 'no-cache' });
    return response.json();
  }

  /** Loads the chosen language (English fills any gap) and translates the page. */
  async function initLanguage() {
    lang = chooseLanguage();
    fallback = await loadBundle('en');
    bundle = lang === 'en' ? fallback : await loadBundle(lang);
    document.documentElement.lang = lang;
    translate(document);
    const select = document.getElementById('lang');
    if (select) {
      select.value = lang;
      select.addEventListener('change', () => setLanguage(select.value));
    }
  }

  async function setLanguage(code) {
    if (!LANGS.includes(code)) {
      return;
    }
    localStorage.setItem('andon.lang', code);
    lang = code;
    bundle = code === 'en' ? fallback : await loadBundle(code);
    document.documentElement.lang = code;
    translate(document);
    document.dispatchEvent(new CustomEvent('andon:language', { detail: code }));
  }

  /** The text for a key, with {name} placeholders filled in; the key itself if neither language has it. */
  function t(key, params) {
    let text = bundle[key] ?? fallback[key] ?? key;
    if (params) {
      for (const [k, v] of Object.entries(params)) {
        text = text.split('{' + k + '}').join(v == null ? '' : String(v));
      }
    }
    return text;
  }

  /** A translated value of an enumeration (state, reason, decision...), or the value itself when unknown. */
  function tv(group, value) {
    if (value == null || value === '') {
      return '';
    }
    const key = group + '.' + value;
    return bundle[key] ?? fallback[key] ?? String(value);
  }

  /**
   * What to show for a refused command: the server's own message in English (it names the part, the defect...), the
   * translated meaning of its code in another language, with the code for whoever reads the log.
   */
  function refusal(result) {
    const key = 'code.' + result.code;
    if (lang !== 'en' && bundle[key]) {
      return bundle[key] + ' (' + result.code + ')';
    }
    return result.message || result.code;
  }

  function translate(root) {
    root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
    root.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    root.querySelectorAll('[data-i18n-title]').forEach(el => { el.title = t(el.dataset.i18nTitle); });
    root.querySelectorAll('[data-i18n-label]').forEach(el => { el.setAttribute('aria-label', t(el.dataset.i18nLabel)); });
    if (document.body && document.body.dataset.i18nTitle && root === document) {
      document.title = t(document.body.dataset.i18nTitle);
    }
  }

  // ---- people: sign-in kept for this tab only ----------------------------------------------------------------
  const PERSON = 'andon.person';

  function person() {
    try {
      return JSON.parse(sessionStorage.getItem(PERSON));
    } catch (e) {
      return null;
    }
  }

  function rememberPerson(username, password) {
    sessionStorage.setItem(PERSON, JSON.stringify({ username, password }));
  }

  function forgetPerson() {
    sessionStorage.removeItem(PERSON);
  }

  function basic(username, password) {
    const bytes = new TextEncoder().encode(username + ':' + password);
    let binary = '';
    bytes.forEach(b => { binary += String.fromCharCode(b); });
    return 'Basic ' + btoa(binary);
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message || ('HTTP ' + status));
      this.status = status;
      this.code = code;
    }
  }

  /**
   * A REST call as the signed-in person. X-Requested-With keeps the browser's own Basic dialog away on a 401.
   * Resolves to the parsed JSON (or the Response itself with raw: true).
   */
  async function api(path, options = {}) {
    const who = options.as || person();
    const headers = { 'X-Requested-With': 'XMLHttpRequest', Accept: options.accept || 'application/json' };
    if (who) {
      headers.Authorization = basic(who.username, who.password);
    }
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method: options.method || 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store'
    });
    noteServerTime(response);
    if (!response.ok) {
      let code = null;
      let message = null;
      try {
        const body = await response.json();
        code = body.code || null;
        message = body.message || null;
      } catch (e) {
        // not JSON: keep the status
      }
      if (response.status === 401) {
        message = t('signin.wrong');
      } else if (response.status === 403) {
        message = message || t('error.forbidden');
      }
      throw new ApiError(response.status, code, message);
    }
    return options.raw ? response : response.json();
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== '') {
        q.set(k, v);
      }
    }
    const s = q.toString();
    return s ? '?' + s : '';
  }

  // ---- server time: timers run on the server's clock, not the device's -----------------------------------------
  let skewMillis = 0;

  function noteServerTime(response) {
    const date = response.headers.get('Date');
    if (date) {
      const server = Date.parse(date);
      if (!Number.isNaN(server)) {
        // the header has whole seconds: only correct clocks that are clearly off
        const skew = server - Date.now();
        skewMillis = Math.abs(skew) > 1500 ? skew : 0;
      }
    }
  }

  function now() {
    return Date.now() + skewMillis;
  }

  // ---- formatting ----------------------------------------------------------------------------------------------
  let zone;

  function setZone(z) {
    zone = z || undefined;
  }

  function locale() {
    return lang === 'zh-CN' ? 'zh-CN' : 'en-GB';
  }

  function formatTime(iso, withDate) {
    if (!iso) {
      return '';
    }
    const d = new Date(iso);
    const options = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: zone };
    if (withDate) {
      Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    return new Intl.DateTimeFormat(locale(), options).format(d);
  }

  /** 0:42, 12:05, 1:02:33 */
  function formatDuration(millis) {
    const total = Math.max(0, Math.floor(millis / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
    return (h > 0 ? h + ':' : '') + mm + ':' + String(s).padStart(2, '0');
  }

  function since(iso) {
    return iso ? formatDuration(now() - Date.parse(iso)) : '';
  }

  function formatNumber(n, digits) {
    if (n == null || Number.isNaN(n)) {
      return '—';
    }
    return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits || 0, maximumFractionDigits: digits || 0 })
      .format(n);
  }

  /** The UTC instant of a wall-clock time (as a datetime-local input gives it) in the plant's zone. */
  function zonedToInstant(local) {
    if (!local) {
      return null;
    }
    const [date, time] = local.split('T');
    const [y, mo, d] = date.split('-').map(Number);
    const [h, mi] = (time || '00:00').split(':').map(Number);
    const wall = Date.UTC(y, mo - 1, d, h, mi);
    let guess = wall - offsetAt(wall);
    guess = wall - offsetAt(guess);
    return new Date(guess).toISOString();
  }

  /** The plant zone's offset from UTC at an instant, in milliseconds. */
  function offsetAt(millis) {
    if (!zone) {
      return -new Date(millis).getTimezoneOffset() * 60000;
    }
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
      minute: '2-digit', second: '2-digit'
    }).formatToParts(new Date(millis));
    const p = Object.fromEntries(parts.map(x => [x.type, x.value]));
    const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
    return asUtc - Math.floor(millis / 1000) * 1000;
  }

  /** An instant as a datetime-local value in the plant's zone. */
  function instantToZoned(iso) {
    const millis = Date.parse(iso);
    const local = new Date(millis + offsetAt(millis));
    return local.toISOString().slice(0, 16);
  }

  // ---- ids -------------------------------------------------------------------------------------------------------
  /** A random (v4) UUID; crypto.randomUUID needs HTTPS, a plant network often has plain HTTP. */
  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // ---- STOMP -----------------------------------------------------------------------------------------------------
  /**
   * A STOMP link to /ws that signs in with login and passcode, reconnects by itself, and matches command results to
   * their commands. A refused sign-in (ERROR frame) stops the reconnecting and is reported once.
   */
  function link({ login, passcode, onConnect, onRefused, onStatus }) {
    const pending = new Map();
    const client = new StompJs.Client({
      brokerURL: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
      connectHeaders: { login, passcode },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 2000
    });
    let refused = false;
    client.onConnect = () => {
      onStatus && onStatus('online');
      client.subscribe('/user/queue/results', frame => {
        const result = JSON.parse(frame.body);
        const waiting = pending.get(result.commandId);
        if (waiting) {
          pending.delete(result.commandId);
          clearTimeout(waiting.timer);
          waiting.resolve(result);
        }
      });
      onConnect && onConnect(client);
    };
    client.onStompError = frame => {
      refused = true;
      const message = frame.headers.message || '';
      client.deactivate();
      onRefused && onRefused(message);
    };
    client.onWebSocketClose = () => {
      if (!refused) {
        onStatus && onStatus('offline');
      }
    };
    client.activate();

    /**
     * Sends a command; resolves to its result (a REJECTED result is a value, not an error). A busy server can take a
     * while: after 10 s the page says it is still waiting, after 2 minutes it gives up (the command may still apply;
     * the line's own pushes will show it).
     */
    function command(body) {
      const commandId = uuid();
      const full = Object.assign({ commandId }, body);
      return new Promise((resolve, reject) => {
        if (!client.connected) {
          reject(new Error(t('error.offline')));
          return;
        }
        const slow = setTimeout(() => Andon.toast(t('error.slow'), 'warn'), 10000);
        const timer = setTimeout(() => {
          pending.delete(commandId);
          reject(new Error(t('error.noAnswer')));
        }, 120000);
        pending.set(commandId, { resolve: r => { clearTimeout(slow); resolve(r); }, timer });
        client.publish({ destination: '/app/commands', body: JSON.stringify(full),
          headers: { 'content-type': 'application/json' } });
      });
    }

    function send(destination, body) {
      client.publish({ destination, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    }

    return { client, command, send, close: () => client.deactivate() };
  }

  // ---- small DOM helpers -----------------------------------------------------------------------------------------
  /** Creates an element: el('td', {class: 'x'}, 'text', child...). Text is always text, never HTML. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k === 'class') {
        e.className = v;
      } else if (k.startsWith('on')) {
        e.addEventListener(k.slice(2), v);
      } else if (k === 'dataset') {
        Object.assign(e.dataset, v);
      } else {
        e.setAttribute(k, v === true ? '' : v);
      }
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined && c !== false) {
        e.append(c instanceof Node ? c : String(c));
      }
    }
    return e;
  }

  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) {
        e.setAttribute(k, v);
      }
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined) {
        e.append(c instanceof Node ? c : String(c));
      }
    }
    return e;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function show(element, visible) {
    element.hidden = !visible;
  }

  /** The page's favicon, drawn as SVG so a background tab shows the line's state. */
  function favicon(colour, mark) {
    const text = mark ? '<text x="16" y="23" font-size="20" font-family="sans-serif" font-weight="bold" '
      + 'text-anchor="middle" fill="#fff">' + mark + '</text>' : '';
    const svgText = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" '
      + 'fill="' + colour + '"/>' + text + '</svg>';
    let link = document.querySelector('link[rel="icon"]');
    if (!link) {
      link = el('link', { rel: 'icon', type: 'image/svg+xml' });
      document.head.append(link);
    }
    link.href = 'data:image/svg+xml,' + encodeURIComponent(svgText);
  }

  return {
    initLanguage, setLanguage, t, tv, translate, refusal, language: () => lang,
    person, rememberPerson, forgetPerson, api, query, ApiError,
    now, since, formatTime, formatDuration, formatNumber, setZone, zonedToInstant, instantToZoned,
    uuid, link, el, svg, $, show, favicon
  };
})();

/**
 * The sign-in of people pages: a stored sign-in is checked against the server, else the form is shown. Calls
 * onSignedIn(viewer) with who is signed in (roles, plant zone, lines).
 */
Andon.personGate = function (onSignedIn) {
  const { $, t } = Andon;
  const form = $('signin-form');
  const error = $('signin-error');
  const page = $('page');

  async function check(who) {
    const viewer = await Andon.api('api/quality/me', { as: who });
    Andon.rememberPerson(who.username, who.password);
    Andon.setZone(viewer.zone);
    document.querySelectorAll('.signed-in').forEach(e => Andon.show(e, true));
    Andon.show($('signin'), false);
    Andon.show(page, true);
    const me = $('me');
    if (me) {
      // a technician may have a team and no role: show the team then
      me.textContent = viewer.name + ' (' + viewer.roles.map(r => Andon.tv('role', r)).concat(viewer.teams || [])
        .join(', ') + ')';
    }
    onSignedIn(viewer);
  }

  function showForm(message) {
    Andon.show(page, false);
    Andon.show($('signin'), true);
    error.textContent = message || '';
    $('username').focus();
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const who = { username: $('username').value.trim(), password: $('password').value };
    error.textContent = '';
    try {
      await check(who);
      $('password').value = '';
    } catch (e) {
      Andon.forgetPerson();
      showForm(e.status === 401 ? t('signin.wrong') : e.message);
    }
  });

  const signOut = $('signout');
  if (signOut) {
    signOut.addEventListener('click', () => {
      Andon.forgetPerson();
      location.reload();
    });
  }

  const stored = Andon.person();
  if (stored) {
    check(stored).catch(e => {
      Andon.forgetPerson();
      showForm(e.status === 401 ? t('signin.wrong') : e.message);
    });
  } else {
    showForm('');
  }
};

/** A short message at the top of the page; errors stay until closed or replaced, the rest fade after a while. */
Andon.toast = function (text, kind) {
  const { el } = Andon;
  let box = document.getElementById('toasts');
  if (!box) {
    box = el('div', { id: 'toasts', class: 'toasts', 'aria-live': 'polite' });
    document.body.append(box);
  }
  const item = el('div', { class: 'toast toast-' + (kind || 'info'), role: kind === 'error' ? 'alert' : 'status' },
    el('span', { class: 'toast-text' }, text),
    el('button', { type: 'button', class: 'toast-close', 'aria-label': Andon.t('action.close'),
      onclick: () => item.remove() }, '×'));
  box.append(item);
  while (box.children.length > 4) {
    box.firstChild.remove();
  }
  setTimeout(() => item.remove(), kind === 'error' ? 15000 : 5000);
  return item;
};
