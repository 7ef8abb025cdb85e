/*
 * The station tablet: signs in as the station (id + token), takes part serials from a barcode scanner or the
 * keyboard, sends the part commands and STOP, and covers the whole screen while the station is STOPPED or HALTED.
 * State comes from the station's STATE snapshot and STATE pushes, as docs/protocol.md asks.
 */
'use strict';

(() => {
  const { t, tv, el, $ } = Andon;
  const KEY = 'andon.station';
  const SERIAL = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,127}$/;
  const REASONS = ['QUALITY', 'SAFETY', 'MATERIAL', 'MAINTENANCE', 'OTHER'];
  const CALL_TYPES = ['QUALITY', 'MAINTENANCE', 'MATERIAL', 'SAFETY', 'HELP'];

  let me = null;              // {id, token}
  let link = null;
  let view = null;            // snapshot data: state, since, stops, defectCodes, customers, suppliers, name, lineId
  let stateSeq = -1;          // log position the shown state is current to
  let partsSeq = -1;          // log position of the last snapshot that listed parts and customers' stops
  let lastSeq = Number(sessionStorage.getItem('andon.station.lastSeq') || 0);
  const incoming = new Map(); // serial -> {from, at}
  const returned = new Map(); // serial -> {customer, defectCode, note}
  const held = new Map(); // serial -> {holdId, origin, defectCode, defectSerial}: on hold, quality decides
  const customerStops = new Map();
  let overlayDismissed = false;
  let activity = [];
  let pickerDone = null;

  document.addEventListener('DOMContentLoaded', async () => {
    await Andon.initLanguage();
    document.addEventListener('andon:language', render);
    $('signin-form').addEventListener('submit', signIn);
    $('signout').addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      sessionStorage.removeItem('andon.station.lastSeq');
      location.reload();
    });
    $('serial-form').addEventListener('submit', ev => {
      ev.preventDefault();
      primary();
    });
    $('serial-clear').addEventListener('click', () => {
      $('serial').value = '';
      $('serial').focus();
    });
    $('act-receive').addEventListener('click', () => partCommand('RECEIVE'));
    $('act-accept').addEventListener('click', () => partCommand('ACCEPT'));
    $('act-pass').addEventListener('click', pass);
    $('act-reject').addEventListener('click', () => defectPicker('REJECT'));
    $('act-report').addEventListener('click', () => defectPicker('REPORT_DEFECT'));
    $('act-clear').addEventListener('click', clearPicker);
    $('act-stop').addEventListener('click', stopPicker);
    $('act-call').addEventListener('click', callPicker);
    $('overlay-work').addEventListener('click', () => {
      overlayDismissed = true;
      renderState();
      $('serial').focus();
    });
    $('strip-show').addEventListener('click', () => {
      overlayDismissed = false;
      renderState();
    });
    $('picker-cancel').addEventListener('click', () => $('picker').close());
    $('picker').addEventListener('close', () => $('serial') && setTimeout(() => $('serial').focus(), 0));
    $('picker-form').addEventListener('submit', ev => {
      ev.preventDefault();
      pickerDone && pickerDone();
    });
    setInterval(tick, 1000);
    const stored = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (stored) {
      connect(stored);
    } else {
      showSignIn('');
    }
  });

  // ---- sign-in and link ------------------------------------------------------------------------------------------
  function showSignIn(message) {
    Andon.show($('page'), false);
    Andon.show($('overlay'), false);
    Andon.show($('stop-strip'), false);
    Andon.show($('call-strip'), false);
    document.querySelectorAll('.signed-in').forEach(e => Andon.show(e, false));
    Andon.show($('signin'), true);
    $('signin-error').textContent = message;
    $('station-id').focus();
  }

  function signIn(ev) {
    ev.preventDefault();
    const who = { id: $('station-id').value.trim(), token: $('token').value };
    $('signin-error').textContent = t('station.connecting');
    connect(who);
  }

  function connect(who) {
    me = who;
    if (link) {
      link.close();
    }
    link = Andon.link({
      login: who.id,
      passcode: who.token,
      onConnect: client => {
        client.subscribe('/user/queue/sync', frame => onSync(JSON.parse(frame.body)));
        client.subscribe('/user/queue/station', frame => onPush(JSON.parse(frame.body)));
        // a station gets its missed pushes (or a snapshot); a person signing in here gets an error, see onSync
        link.send('/app/sync', lastSeq > 0 ? { since: lastSeq } : {});
      },
      onRefused: message => {
        sessionStorage.removeItem(KEY);
        view = null;
        showSignIn(message.startsWith('UNAUTHENTICATED') ? t('station.wrongToken') : message);
      },
      onStatus: status => {
        $('link-status').dataset.state = status;
        $('link-status').textContent = t('link.' + status);
      }
    });
  }

  // ---- pushes ------------------------------------------------------------------------------------------------------
  function onPush(push) {
    if (push.type === 'STATE' && push.data && push.data.state) {
      applySnapshot(push);
      return;
    }
    handle(push, true);
  }

  function onSync(reply) {
    if (reply.code) {
      if (view === null) {
        // only stations get a snapshot: whoever signed in here is a person
        link.close();
        sessionStorage.removeItem(KEY);
        showSignIn(t('station.notAStation'));
        return;
      }
      Andon.toast(reply.message || reply.code, 'error');
      return;
    }
    if (reply.snapshot) {
      applySnapshot(reply.snapshot);
    }
    (reply.missed || []).forEach(p => handle(p, false));
    if (reply.upTo) {
      noteSeq(reply.upTo);
    }
  }

  function applySnapshot(push) {
    if (push.seq < stateSeq) {
      return;
    }
    const first = view === null;
    view = push.data;
    stateSeq = push.seq;
    if (Array.isArray(view.incoming) && Array.isArray(view.atStation)) {
      // a server that lists parts in the snapshot: it replaces what the notices told this page
      partsSeq = push.seq;
      incoming.clear();
      view.incoming.forEach(p => incoming.set(p.partSerial, { from: p.from, at: p.passedAt }));
      returned.clear();
      view.atStation.forEach(p => {
        const fromCustomer = (p.openDefects || []).find(d => d.foundAt !== me.id);
        if (fromCustomer) {
          returned.set(p.partSerial, { customer: fromCustomer.foundAt, defectCode: fromCustomer.code,
            note: fromCustomer.note });
        }
      });
    }
    if (Array.isArray(view.holds)) {
      held.clear();
      view.holds.forEach(h => held.set(h.partSerial, { holdId: h.holdId, origin: h.origin, defectCode: h.defectCode,
        defectSerial: h.defectSerial }));
    }
    if (Array.isArray(view.customerStops)) {
      customerStops.clear();
      view.customerStops.forEach(s => customerStops.set(s.id, { stopId: s.id, stoppedStation: s.stationId,
        reason: s.reason, defectCode: s.defectCode, note: s.note }));
    }
    if (first) {
      sessionStorage.setItem(KEY, JSON.stringify(me));
      Andon.show($('signin'), false);
      Andon.show($('page'), true);
      document.querySelectorAll('.signed-in').forEach(e => Andon.show(e, true));
      $('signin-error').textContent = '';
      $('token').value = '';
      setTimeout(() => $('serial').focus(), 0);
    }
    render();
  }

  function noteSeq(seq) {
    if (seq > lastSeq) {
      lastSeq = seq;
      sessionStorage.setItem('andon.station.lastSeq', String(lastSeq));
    }
  }

  /** One push; live ones may change the state, missed ones (catch-up) only fill in part notices. */
  function handle(push, live) {
    if (push.seq <= lastSeq && !live) {
      return;
    }
    const d = push.data || {};
    // a notice at or before a snapshot that lists parts and customers' stops is already in it
    const inSnapshot = push.seq <= partsSeq;
    switch (push.type) {
      case 'STATE':
        if (live && push.seq > stateSeq && view) {
          view = Object.assign({}, view, { state: d.to, since: push.at });
          stateSeq = push.seq;
          if (d.to !== 'RUNNING') {
            overlayDismissed = false;
          }
          // the snapshot carries the stops with their reasons: ask for a fresh one
          link.send('/app/sync', {});
        }
        break;
      case 'HALT':
        overlayDismissed = false;
        break;
      case 'CUSTOMER_STOPPED':
        if (!inSnapshot) {
          customerStops.set(d.stopId, d);
        }
        break;
      case 'CUSTOMER_RESUMED':
        customerStops.delete(d.stopId);
        break;
      case 'PART_INCOMING':
        if (!inSnapshot) {
          incoming.set(push.partSerial, { from: d.from, at: push.at });
        }
        break;
      case 'PART_REJECTED':
        if (!inSnapshot) {
          returned.set(push.partSerial, { customer: d.customer, defectCode: d.defectCode, note: d.note });
        }
        break;
      case 'PART_HELD':
        if (!inSnapshot) {
          held.set(push.partSerial, { holdId: d.holdId, origin: d.origin, defectCode: d.defectCode,
            defectSerial: d.defectSerial });
        }
        break;
      case 'HOLD_RELEASED':
      case 'HOLD_CONFIRMED':
        held.delete(push.partSerial);
        break;
      default:
        break;
    }
    noteSeq(push.seq);
    render();
  }

  // ---- rendering ---------------------------------------------------------------------------------------------------
  function isEntry() {
    return view && (!view.suppliers || view.suppliers.length === 0);
  }

  function render() {
    if (!view) {
      return;
    }
    $('station-name').textContent = me.id + ' · ' + (view.name || '') + ' · ' + (view.lineId || '');
    const entry = isEntry();
    Andon.show($('act-receive'), entry);
    Andon.show($('act-accept'), !entry);
    Andon.show($('act-reject'), !entry);
    document.querySelector('.actions').classList.toggle('entry', entry);
    $('act-receive').classList.toggle('primary-action', entry);
    $('act-accept').classList.toggle('primary-action', !entry);
    $('act-pass').textContent = (view.customers || []).length ? t('station.pass') : t('station.complete');
    $('hint').textContent = t('station.hint', { action: entry ? t('station.receive') : t('station.accept') });
    renderLists();
    renderCustomerBanner();
    renderState();
  }

  function renderLists() {
    const chip = (serial, line1, line2, cls) => el('li', {}, el('button', { type: 'button', class: 'part-chip ' + cls,
      'data-serial': serial, onclick: () => { $('serial').value = serial; $('serial').focus(); } },
    serial, el('small', {}, line1 + (line2 ? ' · ' + line2 : ''))));
    $('incoming').replaceChildren(...[...incoming.entries()].reverse().map(([serial, p]) =>
      chip(serial, t('station.from', { station: p.from }), Andon.formatTime(p.at), '')));
    Andon.show($('no-incoming'), incoming.size === 0);
    $('returned').replaceChildren(...[...returned.entries()].reverse().map(([serial, p]) =>
      chip(serial, t('station.returnedBy', { station: p.customer }), p.defectCode + (p.note ? ' “' + p.note + '”' : ''),
        'returned')));
    Andon.show($('no-returned'), returned.size === 0);
    $('held').replaceChildren(...[...held.entries()].map(([serial, h]) =>
      chip(serial, t('station.heldBecause', { code: h.defectCode, serial: h.defectSerial, origin: h.origin }),
        t('station.heldWait'), 'held')));
    Andon.show($('no-held'), held.size === 0);
    $('activity').replaceChildren(...activity.map(a => el('li', { class: a.ok ? 'ok' : 'refused' }, a.text)));
  }

  function renderCustomerBanner() {
    const stops = [...customerStops.values()];
    Andon.show($('customer-banner'), stops.length > 0);
    $('customer-banner').textContent = stops.map(s => t('station.customerStopped', { station: s.stoppedStation,
      reason: tv('reason', s.reason) })).join(' · ');
  }

  function stopText(s) {
    return tv('reason', s.reason) + (s.defectCode ? ' · ' + s.defectCode : '') + (s.note ? ' “' + s.note + '”' : '');
  }

  function renderState() {
    if (!view) {
      return;
    }
    const state = view.state;
    const known = ['RUNNING', 'STOPPED', 'HALTED', 'CALLING'].includes(state) ? state : 'OTHER';
    const badge = $('state-badge');
    badge.className = 'state-badge signed-in state-' + known;
    badge.textContent = tv('state', state);
    badge.dataset.state = state;
    document.body.classList.toggle('not-running', state === 'STOPPED' || state === 'HALTED');
    document.body.classList.remove('state-RUNNING', 'state-STOPPED', 'state-HALTED', 'state-CALLING', 'state-OTHER');
    document.body.classList.add('state-' + known);
    const holding = state === 'STOPPED' || state === 'HALTED';
    const overlay = $('overlay');
    overlay.className = 'overlay state-' + known;
    overlay.dataset.state = state;
    const stops = view.stops || [];
    const own = stops.filter(s => s.stationId === me.id);
    const upstream = stops.filter(s => s.stationId !== me.id);
    $('overlay-state').textContent = tv('state', state);
    if (state === 'STOPPED') {
      $('overlay-why').textContent = own.length
        ? t('station.ownStop', { what: stopText(own[0]), by: own[0].startedBy }) : t('station.stoppedHere');
    } else if (state === 'HALTED') {
      $('overlay-why').textContent = upstream.length
        ? t('station.haltedBy', { station: upstream[0].stationId, what: stopText(upstream[0]) })
        : t('station.haltedUpstream');
    } else {
      $('overlay-why').textContent = '';
    }
    $('overlay-stops').replaceChildren(...(stops.length > 1 ? stops.map(s => el('li', {}, t('station.stopLine', {
      station: s.stationId, what: stopText(s), time: Andon.formatTime(s.startedAt) }))) : []));
    renderCalls(state);
    Andon.show(overlay, holding && !overlayDismissed);
    Andon.show($('stop-strip'), holding && overlayDismissed);
    $('stop-strip').className = 'stop-strip state-' + known;
    tick();
    if (holding && !overlayDismissed) {
      $('overlay-work').focus();
    }
  }

  /** The yellow andon: while the station's own calls are open, a strip says until when someone must come. */
  function renderCalls(state) {
    const calls = (view.calls || []).filter(c => c.stationId === me.id);
    const strip = $('call-strip');
    Andon.show(strip, calls.length > 0 && state !== 'STOPPED');
    strip.dataset.calls = String(calls.length);
    strip.replaceChildren(...calls.map(c => el('span', { class: 'call', 'data-incident': c.incidentId,
      'data-auto-stop-at': c.autoStopAt || '' }, '')));
    tickCalls();
  }

  function tickCalls() {
    document.querySelectorAll('#call-strip .call').forEach(span => {
      const call = (view.calls || []).find(c => String(c.incidentId) === span.dataset.incident);
      if (!call) {
        return;
      }
      const type = tv('callType', call.callType);
      span.textContent = call.autoStopAt
        ? t('station.calling', { type, time: Andon.formatTime(call.autoStopAt),
          left: Andon.formatDuration(Date.parse(call.autoStopAt) - Andon.now()) })
        : t('station.callingOpen', { type, since: Andon.formatTime(call.openedAt) });
    });
  }

  function tick() {
    if (view) {
      tickCalls();
    }
    if (!view || !view.since) {
      $('overlay-when').textContent = '';
      return;
    }
    const text = t('station.since', { time: Andon.formatTime(view.since), duration: Andon.since(view.since) });
    $('overlay-when').textContent = text;
    const stop = (view.stops || [])[0];
    $('strip-text').textContent = tv('state', view.state) + (stop ? ' · ' + stop.stationId + ': ' + stopText(stop) : '')
      + ' · ' + text;
  }

  // ---- commands ----------------------------------------------------------------------------------------------------
  function serial() {
    const s = $('serial').value.trim();
    if (!s) {
      fail(t('station.needSerial'));
      $('serial').focus();
      return null;
    }
    if (!SERIAL.test(s)) {
      fail(t('station.badSerial', { serial: s }));
      $('serial').focus();
      return null;
    }
    return s;
  }

  function fail(text) {
    Andon.toast(text, 'error');
    log(text, false);
  }

  function log(text, ok) {
    activity.unshift({ text: Andon.formatTime(new Date(Andon.now()).toISOString()) + ' ' + text, ok });
    activity = activity.slice(0, 8);
    renderLists();
  }

  function primary() {
    partCommand(isEntry() ? 'RECEIVE' : 'ACCEPT');
  }

  /** Sends a command; shows the server's refusal with its message. Resolves to true when accepted. */
  async function send(body, describe) {
    try {
      const result = await link.command(Object.assign({ stationId: me.id }, body));
      if (result.status === 'ACCEPTED') {
        Andon.toast(t('station.done', { what: describe }), 'ok');
        log(t('station.done', { what: describe }), true);
        return result;
      }
      fail(t('station.refused', { what: describe, message: Andon.refusal(result), code: result.code }));
    } catch (e) {
      fail(describe + ': ' + e.message);
    }
    $('serial').focus();
    return null;
  }

  async function partCommand(type) {
    const partSerial = serial();
    if (!partSerial) {
      return;
    }
    const ok = await send({ type, partSerial }, tv('command', type) + ' ' + partSerial);
    if (ok && type === 'ACCEPT') {
      incoming.delete(partSerial);
      render();
    }
    $('serial').focus();
    $('serial').select();
  }

  async function pass() {
    const partSerial = serial();
    if (!partSerial) {
      return;
    }
    const customers = view.customers || [];
    if (customers.length > 1) {
      openPicker(t('station.passTo'), partSerial, customers.map(c => ({ value: c, label: c })), false, async picked => {
        if (!picked) {
          return t('station.pickCustomer');
        }
        await doPass(partSerial, picked);
        return null;
      });
      return;
    }
    await doPass(partSerial, customers[0] || null);
  }

  async function doPass(partSerial, to) {
    const ok = await send({ type: 'PASS', partSerial, to: to || undefined, note: note() },
      tv('command', 'PASS') + ' ' + partSerial + (to ? ' → ' + to : ''));
    if (ok) {
      returned.delete(partSerial);
      $('serial').value = '';
      render();
    }
    $('serial').focus();
  }

  function note() {
    const n = $('picker').open ? $('picker-note').value.trim() : '';
    return n || undefined;
  }

  function defectOptions() {
    return (view.defectCodes || []).map(c => ({ value: c.code, label: c.code, detail: c.description }));
  }

  function defectPicker(type) {
    const partSerial = serial();
    if (!partSerial) {
      return;
    }
    const title = type === 'REJECT' ? t('station.rejectTitle') : t('station.reportTitle');
    openPicker(title, partSerial, defectOptions(), false, async code => {
      if (!code) {
        return t('station.pickDefect');
      }
      const ok = await send({ type, partSerial, defectCode: code, note: note() },
        tv('command', type) + ' ' + partSerial + ' ' + code);
      if (ok && type === 'REJECT') {
        incoming.delete(partSerial);
        $('serial').value = '';
        render();
      }
      return null;
    });
  }

  function clearPicker() {
    const partSerial = serial();
    if (!partSerial) {
      return;
    }
    openPicker(t('station.clearTitle'), partSerial, [
      { value: 'REWORKED', label: t('resolution.REWORKED'), detail: t('resolution.help.REWORKED') },
      { value: 'SCRAPPED', label: t('resolution.SCRAPPED'), detail: t('resolution.help.SCRAPPED') }
    ], false, async resolution => {
      if (!resolution) {
        return t('station.pickResolution');
      }
      const ok = await send({ type: 'CLEAR_DEFECT', partSerial, resolution, note: note() },
        tv('command', 'CLEAR_DEFECT') + ' ' + partSerial + ' ' + t('resolution.' + resolution));
      if (ok) {
        returned.delete(partSerial);
        if (resolution === 'SCRAPPED') {
          $('serial').value = '';
        }
        render();
      }
      return null;
    });
  }

  function stopPicker() {
    const codes = el('select', { id: 'stop-defect' }, el('option', { value: '' }, t('station.noDefectCode')),
      ...(view.defectCodes || []).map(c => el('option', { value: c.code }, c.code + ' – ' + c.description)));
    const extra = el('label', { for: 'stop-defect' }, t('station.stopDefect'));
    openPicker(t('station.stopTitle'), null, REASONS.map(r => ({ value: r, label: tv('reason', r),
      detail: t('reason.help.' + r) })), true, async reason => {
      if (!reason) {
        return t('station.pickReason');
      }
      const defectCode = codes.value || undefined;
      const result = await send({ type: 'STOP', reason, defectCode, note: note() },
        tv('command', 'STOP') + ' · ' + tv('reason', reason));
      if (result) {
        overlayDismissed = false;
      }
      return null;
    }, [extra, codes]);
  }

  function callPicker() {
    const partSerial = $('serial').value.trim();
    openPicker(t('station.callTitle'), null, CALL_TYPES.map(c => ({ value: c, label: tv('callType', c),
      detail: t('callType.help.' + c) })), false, async callType => {
      if (!callType) {
        return t('station.pickCallType');
      }
      await send({ type: 'CALL', callType, partSerial: SERIAL.test(partSerial) ? partSerial : undefined, note: note() },
        tv('command', 'CALL') + ' · ' + tv('callType', callType));
      return null;
    });
  }

  /**
   * A touch picker: one big button per option; OK sends. done(value) returns an error text to keep the dialog open,
   * or null when finished.
   */
  function openPicker(title, partSerial, options, danger, done, extra) {
    let picked = null;
    $('picker-title').textContent = title;
    $('picker-part').textContent = partSerial ? t('station.forPart', { serial: partSerial }) : '';
    $('picker-error').textContent = '';
    $('picker-note').value = '';
    const buttons = options.map(o => el('button', { type: 'button', 'aria-pressed': 'false', 'data-value': o.value,
      onclick: ev => {
        picked = o.value;
        buttons.forEach(b => b.setAttribute('aria-pressed', String(b === ev.currentTarget)));
      } }, o.label, o.detail ? el('small', {}, o.detail) : null));
    if (options.length === 1) {
      picked = options[0].value;
      buttons[0].setAttribute('aria-pressed', 'true');
    }
    $('picker-options').replaceChildren(...buttons);
    $('picker-extra').replaceChildren(...(extra || []));
    const ok = $('picker-ok');
    ok.className = danger ? 'danger' : 'primary';
    ok.textContent = danger ? t('station.stopConfirm') : t('action.ok');
    pickerDone = async () => {
      ok.disabled = true;
      try {
        const error = await done(picked);
        if (error) {
          $('picker-error').textContent = error;
        } else {
          $('picker').close();
        }
      } finally {
        ok.disabled = false;
      }
    };
    $('picker').showModal();
    (buttons[0] || ok).focus();
  }
})();
