/*
 * The andon board: the line's station graph coloured and labelled by state, the open incidents with their timers,
 * escalation and who was paged, a sound and a red tab on every new stop, and the lead's acknowledge, resolve and
 * resume. Live from /topic/line.{id}; the REST views fill in after every stop and incident event.
 */
'use strict';

(() => {
  const { t, tv, el, svg, $ } = Andon;

  const STATE_MARK = { RUNNING: '●', STOPPED: '■', HALTED: '▲', CALLING: '◆' };
  const LEADS = ['LEAD', 'SUPERVISOR', 'ADMIN'];
  const TICKER_SKIP = new Set(['STATION_STATE_CHANGED']);

  let viewer = null;
  let lineId = null;
  let line = null;            // GET /api/lines/{id}
  let holdsAt = new Map();    // station -> parts on hold there (GET /api/quality/holds)
  let alarms = null;          // GET /api/alarms: suppressions in force and floods (leads and above)
  let stations = new Map();   // id -> {view, seq}
  let incidents = [];
  let link = null;
  let loaded = false;
  let buffer = [];
  let liveFrom = Infinity;    // events at or below this seq were before the board opened: no sound for them
  let layoutCache = null;
  let nodes = new Map();      // id -> {group, label, since}
  let timers = [];            // [{element, from}]
  let events = [];
  let reloadTimer = null;
  let audio = null;
  let muted = localStorage.getItem('andon.board.muted') === 'true';
  let resolving = null;

  // ---- start -----------------------------------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', async () => {
    await Andon.initLanguage();
    renderMute();
    $('mute').addEventListener('click', toggleMute);
    document.addEventListener('click', unlockAudio, { capture: true });
    document.addEventListener('keydown', unlockAudio, { capture: true });
    document.addEventListener('andon:language', () => {
      renderMute();
      renderAll();
    });
    $('resolve-cancel').addEventListener('click', () => $('resolve-dialog').close());
    $('resolve-form').addEventListener('submit', submitResolve);
    $('oos-form').addEventListener('submit', takeOutOfService);
    $('line-select').addEventListener('change', () => {
      const url = new URL(location.href);
      url.searchParams.set('line', $('line-select').value);
      location.href = url.toString();
    });
    setInterval(tick, 1000);
    Andon.personGate(start);
  });

  function start(who) {
    viewer = who;
    const wanted = new URLSearchParams(location.search).get('line');
    const known = viewer.lines.map(l => l.id);
    lineId = known.includes(wanted) ? wanted : known[0];
    const select = $('line-select');
    select.replaceChildren(...viewer.lines.map(l => el('option', { value: l.id }, l.id + ' · ' + l.name)));
    select.value = lineId;
    Andon.show($('line-pick'), viewer.lines.length > 1);
    const me = Andon.person();
    link = Andon.link({
      login: me.username,
      passcode: me.password,
      onConnect: client => {
        loaded = false;
        buffer = [];
        client.subscribe('/topic/line.' + lineId, frame => onEvent(JSON.parse(frame.body)));
        client.subscribe('/user/queue/pages', frame => onPage(JSON.parse(frame.body)));
        load().catch(e => Andon.toast(e.message, 'error'));
      },
      onRefused: message => {
        Andon.forgetPerson();
        Andon.toast(message, 'error');
      },
      onStatus: setLinkStatus
    });
  }

  function setLinkStatus(state) {
    const s = $('link-status');
    s.dataset.state = state;
    s.textContent = t('link.' + state);
  }

  function hasRole(...roles) {
    return viewer && viewer.roles.some(r => roles.includes(r));
  }

  // ---- data --------------------------------------------------------------------------------------------------------
  async function load() {
    const [view, open] = await Promise.all([
      Andon.api('api/lines/' + encodeURIComponent(lineId)),
      Andon.api('api/incidents' + Andon.query({ line: lineId, open: true, size: 50 }))
    ]);
    applyLine(view);
    incidents = open.items;
    await loadHoldsAndAlarms();
    const first = liveFrom === Infinity;
    const seq = view.stations.length ? view.stations[0].seq : 0;
    if (first) {
      liveFrom = seq;
      await loadTicker(seq);
    }
    loaded = true;
    const held = buffer;
    buffer = [];
    held.forEach(apply);
    renderAll();
  }

  /** Parts on hold by the station that has them, and the alarms kept quiet; none for people without access. */
  async function loadHoldsAndAlarms() {
    holdsAt = new Map();
    try {
      (await Andon.api('api/quality/holds' + Andon.query({ line: lineId }))).forEach(h => {
        if (h.station) {
          holdsAt.set(h.station, (holdsAt.get(h.station) || 0) + 1);
        }
      });
    } catch (e) {
      holdsAt = new Map();
    }
    try {
      alarms = await Andon.api('api/alarms' + Andon.query({ line: lineId }));
    } catch (e) {
      alarms = null;
    }
  }

  function applyLine(view) {
    line = view;
    $('line-name').textContent = view.id + ' · ' + view.name;
    const fresh = new Map();
    for (const s of view.stations) {
      const known = stations.get(s.stationId);
      if (known && known.seq > s.seq) {
        // a live event newer than this read already moved the station: keep its state, take the stops
        fresh.set(s.stationId, { view: Object.assign({}, s, { state: known.view.state, since: known.view.since }),
          seq: known.seq, changedAt: known.changedAt });
      } else {
        fresh.set(s.stationId, { view: s, seq: s.seq, changedAt: known && known.changedAt });
      }
    }
    stations = fresh;
    layoutCache = null;
  }

  async function loadTicker(seq) {
    try {
      const entries = await Andon.api('api/log' + Andon.query({ line: lineId, since: Math.max(0, seq - 300),
        limit: 300 }));
      events = entries.filter(e => !TICKER_SKIP.has(e.type)).slice(-12).reverse();
    } catch (e) {
      events = [];
    }
  }

  function scheduleReload() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(async () => {
      try {
        const [view, open] = await Promise.all([
          Andon.api('api/lines/' + encodeURIComponent(lineId)),
          Andon.api('api/incidents' + Andon.query({ line: lineId, open: true, size: 50 }))
        ]);
        applyLine(view);
        incidents = open.items;
        await loadHoldsAndAlarms();
        renderAll();
      } catch (e) {
        Andon.toast(e.message, 'error');
      }
    }, 150);
  }

  // ---- live events -----------------------------------------------------------------------------------------------
  function onEvent(entry) {
    if (!loaded) {
      buffer.push(entry);
      return;
    }
    apply(entry);
  }

  function apply(entry) {
    switch (entry.type) {
      case 'STATION_STATE_CHANGED': {
        const s = stations.get(entry.stationId);
        if (s && entry.seq > s.seq) {
          s.view = Object.assign({}, s.view, { state: entry.data.to, since: entry.occurredAt });
          s.seq = entry.seq;
          s.changedAt = Date.now();
          renderGraph();
          renderAlarm();
        }
        break;
      }
      case 'STOP_STARTED':
        if (entry.seq > liveFrom) {
          beep();
        }
        scheduleReload();
        break;
      default:
        if (entry.type.startsWith('STOP_') || entry.type.startsWith('INCIDENT_') || entry.type.startsWith('CALL')
          || entry.type === 'PART_HELD' || entry.type.startsWith('HOLD_') || entry.type.startsWith('ALARM_')
          || entry.type.startsWith('STATION_OUT') || entry.type === 'STATION_IN_SERVICE') {
          scheduleReload();
        }
    }
    if (!TICKER_SKIP.has(entry.type) && !events.some(e => e.seq === entry.seq)) {
      events.unshift(entry);
      events = events.slice(0, 12);
      renderEvents();
    }
  }

  function onPage(page) {
    const text = page.summary || (page.incident && page.incident.summary) || t('board.paged');
    Andon.toast(t('board.youArePaged', { text }), 'warn');
    beep();
  }

  // ---- rendering ---------------------------------------------------------------------------------------------------
  function renderAll() {
    if (!line) {
      return;
    }
    renderGraph();
    renderIncidents();
    renderEvents();
    renderAlarm();
    renderLegend();
    renderSuppressions();
  }

  // ---- alarm discipline: shelves, out of service, floods ---------------------------------------------------------------
  function quietAt(stationId) {
    return alarms ? alarms.suppressions.filter(s => s.stationId === stationId) : [];
  }

  function describeSuppression(s) {
    return s.kind === 'OUT_OF_SERVICE' ? t('board.outOfService', { by: s.startedBy, reason: s.reason })
      : t('board.shelved', { alarm: tv('alarm', s.alarm), until: Andon.formatTime(s.until), by: s.startedBy,
        reason: s.reason });
  }

  function renderSuppressions() {
    const lead = hasRole(...LEADS);
    Andon.show($('alarms'), alarms !== null);
    if (!alarms) {
      Andon.show($('flood'), false);
      return;
    }
    const floods = alarms.floods || [];
    Andon.show($('flood'), floods.length > 0);
    $('flood').textContent = floods.length ? t('board.flood', { people: floods.map(f => f.person + ' (' + f.alarms
      + ')').join(', '), minutes: alarms.floodWindowMinutes }) : '';
    $('suppressions').replaceChildren(...alarms.suppressions.map(s => el('li', { 'data-suppression': s.id,
      'data-station': s.stationId, 'data-kind': s.kind },
    el('strong', {}, s.stationId), ' ', describeSuppression(s), ' ',
    lead ? el('button', { type: 'button', class: 'secondary', 'data-action': 'end-suppression',
      onclick: () => endSuppression(s) }, s.kind === 'OUT_OF_SERVICE' ? t('board.returnToService')
      : t('board.unshelve')) : null)));
    Andon.show($('no-suppressions'), alarms.suppressions.length === 0);
    Andon.show($('oos-form'), lead);
    // built once per line: replacing the options on every reload would reset a choice being made
    const ids = line.stations.map(v => v.stationId).join(',');
    if ($('oos-station').dataset.stations !== ids) {
      $('oos-station').replaceChildren(...line.stations.map(v => el('option', { value: v.stationId }, v.stationId)));
      $('oos-station').dataset.stations = ids;
    }
  }

  function endSuppression(s) {
    const body = s.kind === 'OUT_OF_SERVICE' ? { type: 'RETURN_TO_SERVICE', stationId: s.stationId }
      : { type: 'UNSHELVE', stationId: s.stationId, callType: s.alarm };
    run(body, () => Andon.toast(t('board.suppressionEnded', { station: s.stationId }), 'ok'));
  }

  function takeOutOfService(ev) {
    ev.preventDefault();
    const reason = $('oos-reason').value.trim();
    if (!reason) {
      $('oos-reason').focus();
      Andon.toast(t('board.reasonNeeded'), 'error');
      return;
    }
    run({ type: 'TAKE_OUT_OF_SERVICE', stationId: $('oos-station').value, note: reason }, () => {
      $('oos-reason').value = '';
      Andon.toast(t('board.tookOutOfService', { station: $('oos-station').value }), 'ok');
    });
  }

  /** A lead shelves a repeating call or reject-burst alarm at its station, with a reason, for 30 minutes. */
  function shelve(incident) {
    const reason = window.prompt(t('board.shelvePrompt', { station: incident.stationId }));
    if (!reason || !reason.trim()) {
      return;
    }
    run({ type: 'SHELVE', stationId: incident.stationId, callType: incident.kind === 'CALL' ? incident.callType
      : 'REJECTS', minutes: 30, note: reason.trim() },
    () => Andon.toast(t('board.shelvedDone', { station: incident.stationId }), 'ok'));
  }

  /** Stations in layers left to right (longest path from the entry stations), feeders pulled next to their merge. */
  function layout() {
    if (layoutCache) {
      return layoutCache;
    }
    const ids = line.stations.map(s => s.stationId);
    const out = new Map(ids.map(id => [id, []]));
    const inn = new Map(ids.map(id => [id, []]));
    line.edges.forEach(e => {
      if (out.has(e.from) && inn.has(e.to)) {
        out.get(e.from).push(e.to);
        inn.get(e.to).push(e.from);
      }
    });
    const order = [];
    const indegree = new Map(ids.map(id => [id, inn.get(id).length]));
    const ready = ids.filter(id => indegree.get(id) === 0);
    while (ready.length) {
      const id = ready.shift();
      order.push(id);
      out.get(id).forEach(c => {
        indegree.set(c, indegree.get(c) - 1);
        if (indegree.get(c) === 0) {
          ready.push(c);
        }
      });
    }
    const layer = new Map();
    order.forEach(id => layer.set(id, inn.get(id).length ? Math.max(...inn.get(id).map(p => layer.get(p) + 1)) : 0));
    [...order].reverse().forEach(id => {
      if (out.get(id).length) {
        layer.set(id, Math.min(...out.get(id).map(c => layer.get(c) - 1)));
      }
    });
    const layers = [];
    order.forEach(id => {
      const l = layer.get(id);
      (layers[l] = layers[l] || []).push(id);
    });
    const row = new Map();
    layers.forEach(ids => {
      const weight = id => {
        const placed = inn.get(id).filter(p => row.has(p));
        return placed.length ? placed.reduce((a, p) => a + row.get(p), 0) / placed.length : Infinity;
      };
      const sorted = [...ids].sort((a, b) => (weight(a) - weight(b)) || (order.indexOf(a) - order.indexOf(b)));
      const used = new Set();
      sorted.forEach(id => {
        let r = Number.isFinite(weight(id)) ? Math.round(weight(id)) : 0;
        while (used.has(r)) {
          r++;
        }
        used.add(r);
        row.set(id, r);
      });
    });
    const downstream = new Map();
    const reach = id => {
      if (!downstream.has(id)) {
        const seen = new Set();
        const todo = [...out.get(id)];
        while (todo.length) {
          const n = todo.shift();
          if (!seen.has(n)) {
            seen.add(n);
            todo.push(...out.get(n));
          }
        }
        downstream.set(id, seen);
      }
      return downstream.get(id);
    };
    ids.forEach(reach);
    layoutCache = { layer, row, layers: layers.length, rows: Math.max(...[...row.values()]) + 1, downstream };
    return layoutCache;
  }

  const NODE_W = 210;
  const NODE_H = 134;
  const GAP_X = 56;
  const GAP_Y = 40;
  const PAD = 14;

  /** A station's line of notes on the board: parts on hold there, alarms kept quiet. */
  function notes(stationId) {
    const parts = [];
    if (holdsAt.get(stationId)) {
      parts.push(t('board.onHold', { n: holdsAt.get(stationId) }));
    }
    const quiet = quietAt(stationId);
    if (quiet.some(q => q.kind === 'OUT_OF_SERVICE')) {
      parts.push(t('board.oosMark'));
    } else if (quiet.length) {
      parts.push(t('board.shelvedMark', { alarms: quiet.map(q => tv('alarm', q.alarm)).join(', ') }));
    }
    return parts.length ? svg('text', { class: 'holds', x: NODE_W / 2, y: 110, 'text-anchor': 'middle',
      'data-holds': holdsAt.get(stationId) || 0, 'data-quiet': quiet.length }, parts.join(' · ')) : null;
  }

  function renderGraph() {
    if (!line) {
      return;
    }
    const L = layout();
    const width = L.layers * (NODE_W + GAP_X) - GAP_X + 2 * PAD;
    const height = L.rows * (NODE_H + GAP_Y) - GAP_Y + 2 * PAD;
    const x = id => PAD + L.layer.get(id) * (NODE_W + GAP_X);
    const y = id => PAD + L.row.get(id) * (NODE_H + GAP_Y);
    const stopped = [...stations.values()].filter(s => s.view.state === 'STOPPED').map(s => s.view.stationId);
    const root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, class: 'line-graph', role: 'list',
      'aria-label': t('board.stations') });
    const defs = svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5',
      markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z',
      class: 'arrowhead' })));
    root.append(defs);
    line.edges.forEach(e => {
      if (!L.layer.has(e.from) || !L.layer.has(e.to)) {
        return;
      }
      const x1 = x(e.from) + NODE_W;
      const y1 = y(e.from) + NODE_H / 2;
      const x2 = x(e.to) - 2;
      const y2 = y(e.to) + NODE_H / 2;
      const mid = (x1 + x2) / 2;
      root.append(svg('path', { class: 'edge', d: 'M' + x1 + ',' + y1 + ' C' + mid + ',' + y1 + ' ' + mid + ',' + y2
        + ' ' + x2 + ',' + y2, 'marker-end': 'url(#arrow)' }));
    });
    nodes = new Map();
    line.stations.forEach(v => {
      const entry = stations.get(v.stationId);
      const s = entry.view;
      const state = s.state || 'RUNNING';
      const known = Object.prototype.hasOwnProperty.call(STATE_MARK, state);
      const customerStopped = state === 'RUNNING' && stopped.some(id => L.downstream.get(s.stationId).has(id));
      const label = (STATE_MARK[state] || '?') + ' ' + tv('state', state);
      const sinceText = svg('text', { class: 'since', x: NODE_W / 2, y: 127, 'text-anchor': 'middle' });
      const g = svg('g', {
        class: 'station state-' + (known ? state : 'OTHER') + (customerStopped ? ' customer-stopped' : ''),
        transform: 'translate(' + x(s.stationId) + ',' + y(s.stationId) + ')',
        'data-station': s.stationId, 'data-state': state, 'data-changed-at': entry.changedAt, role: 'listitem',
        tabindex: '0'
      },
      svg('title', {}, s.stationId + ' ' + s.name + ': ' + tv('state', state)),
      svg('rect', { class: 'node', width: NODE_W, height: NODE_H, rx: 12 }),
      svg('text', { class: 'sid', x: NODE_W / 2, y: 30, 'text-anchor': 'middle' }, s.stationId),
      svg('text', { class: 'sname', x: NODE_W / 2, y: 50, 'text-anchor': 'middle' }, clip(s.name, 24)),
      svg('text', { class: 'state-label', x: NODE_W / 2, y: 90, 'text-anchor': 'middle' }, label),
      sinceText,
      notes(s.stationId));
      if (customerStopped) {
        sinceText.textContent = t('board.customerStopped');
      }
      g.setAttribute('aria-label', s.stationId + ' ' + s.name + ': ' + tv('state', state)
        + (customerStopped ? ', ' + t('board.customerStopped') : ''));
      nodes.set(s.stationId, { since: sinceText, state, at: s.since, customerStopped });
      root.append(g);
    });
    $('graph').replaceChildren(root);
    renderSummary();
    tick();
  }

  function clip(text, n) {
    return text && text.length > n ? text.slice(0, n - 1) + '…' : (text || '');
  }

  function renderSummary() {
    const count = { RUNNING: 0, STOPPED: 0, HALTED: 0 };
    stations.forEach(s => { count[s.view.state] = (count[s.view.state] || 0) + 1; });
    const stopped = [...stations.values()].filter(s => s.view.state === 'STOPPED').map(s => s.view.stationId);
    const box = $('summary');
    box.dataset.state = stopped.length ? 'STOPPED' : (count.HALTED ? 'HALTED' : 'RUNNING');
    box.textContent = stopped.length
      ? t('board.summaryStopped', { stations: stopped.join(', ') })
        + (count.HALTED ? ' · ' + t('board.summaryHalted', { halted: count.HALTED }) : '')
      : t('board.summaryRunning', { running: count.RUNNING || 0, total: stations.size });
  }

  function renderLegend() {
    $('legend').replaceChildren(...['RUNNING', 'CALLING', 'STOPPED', 'HALTED'].map(s => el('li', {
      class: 'legend-item state-' + s }, el('span', { class: 'swatch', 'aria-hidden': 'true' }, STATE_MARK[s]),
    ' ' + tv('state', s) + ' — ' + t('state.help.' + s))));
  }

  function pagedPeople(incident) {
    const people = [];
    (incident.escalation || []).forEach(step => step.paged.forEach(p => {
      if (!people.some(x => x.user === p)) {
        people.push({ user: p, level: step.levelName });
      }
    }));
    return people;
  }

  function stopActive(stopId) {
    for (const s of stations.values()) {
      if ((s.view.stops || []).some(st => st.id === stopId && !st.endedAt)) {
        return true;
      }
    }
    return false;
  }

  function renderIncidents() {
    const list = $('incident-list');
    timers = timers.filter(x => !list.contains(x.element));
    // nobody on the way yet comes first, then whoever has waited longest
    const open = incidents.filter(i => i.status !== 'RESOLVED').sort((a, b) =>
      ((a.status === 'OPEN' ? 0 : 1) - (b.status === 'OPEN' ? 0 : 1)) || (Date.parse(a.openedAt) - Date.parse(b.openedAt)));
    $('incident-count').textContent = open.length ? '(' + open.length + ')' : '';
    Andon.show($('no-incidents'), open.length === 0);
    list.replaceChildren(...open.map(incident => {
      const station = stations.get(incident.stationId);
      const name = station ? station.view.name : '';
      const people = pagedPeople(incident);
      const lastStep = (incident.escalation || []).slice(-1)[0];
      const timer = el('span', { class: 'timer' }, '');
      timers.push({ element: timer, from: incident.openedAt });
      // the call's team answers it too, whether the roster paged this member or a colleague
      const answers = people.some(p => p.user === viewer.username)
        || (incident.team != null && (viewer.teams || []).includes(incident.team));
      const canAck = incident.status === 'OPEN' && (hasRole('SUPERVISOR', 'ADMIN') || answers);
      const canResolve = hasRole(...LEADS);
      const canResume = canResolve && incident.stopId != null && stopActive(incident.stopId);
      // a quality stop resumes on two keys: quality signs off here, the lead's RESUME gives the other
      const canSignOff = incident.stopId != null && incident.reason === 'QUALITY' && stopActive(incident.stopId)
        && hasRole('QUALITY');
      const openCall = incident.kind === 'CALL' && incident.stopId == null && incident.status !== 'RESOLVED';
      const canContain = openCall && (canResolve || answers);
      let countdown = null;
      if (openCall && incident.autoStopAt) {
        countdown = el('span', { class: 'countdown' }, '');
        timers.push({ element: countdown, until: incident.autoStopAt });
      }
      const undeliverable = (incident.pages || []).filter(p => p.status === 'UNDELIVERABLE');
      const buttons = el('div', { class: 'buttons' },
        canAck ? el('button', { type: 'button', class: 'primary', 'data-action': 'acknowledge',
          onclick: () => acknowledge(incident) }, t('incident.acknowledge')) : null,
        canContain ? el('button', { type: 'button', class: 'primary', 'data-action': 'contain',
          onclick: () => contain(incident) }, t('incident.contain')) : null,
        openCall && canResolve ? el('button', { type: 'button', class: 'danger', 'data-action': 'call-to-stop',
          onclick: () => callToStop(incident) }, t('incident.callToStop')) : null,
        canResolve ? el('button', { type: 'button', class: 'primary', 'data-action': 'resolve',
          onclick: () => openResolve(incident) }, t('incident.resolve') + '…') : null,
        canResolve && (openCall || incident.kind === 'REJECTS') && !(incident.kind === 'CALL'
          && incident.callType === 'SAFETY') ? el('button', { type: 'button', class: 'secondary',
          'data-action': 'shelve', onclick: () => shelve(incident) }, t('board.shelve')) : null,
        canSignOff ? el('button', { type: 'button', class: 'primary', 'data-action': 'sign-off',
          onclick: () => signOff(incident) }, t('incident.signOff')) : null,
        canResume ? el('button', { type: 'button', class: 'secondary', 'data-action': 'resume',
          onclick: () => resume(incident) }, t('incident.resume')) : null);
      const what = incident.kind === 'CALL'
        ? tv('incident.kind', 'CALL') + ': ' + tv('callType', incident.callType || incident.reason)
          + (incident.stopId != null ? ' → ' + t('incident.stoppedFromCall') : '')
        : incident.kind === 'SILENT' ? tv('incident.kind', 'SILENT')
          : tv('incident.kind', incident.kind) + ': ' + tv('reason', incident.reason);
      return el('li', { class: 'incident status-' + incident.status + ' kind-' + incident.kind,
        'data-incident': incident.id, 'data-kind': incident.kind,
        'data-station': incident.stationId, 'data-status': incident.status },
      el('div', { class: 'incident-head' },
        el('span', { class: 'incident-station' }, incident.stationId),
        el('span', { class: 'incident-name' }, name),
        el('span', { class: 'badge status-badge' }, tv('incident.status', incident.status)),
        timer),
      el('div', { class: 'incident-what' },
        el('strong', {}, what),
        incident.defectCode ? ' · ' + incident.defectCode : '',
        incident.note ? el('span', { class: 'note' }, ' “' + incident.note + '”') : ''),
      countdown ? el('p', { class: 'incident-what' }, countdown) : null,
      el('dl', { class: 'facts' },
        el('dt', {}, t('incident.level')),
        el('dd', { class: 'level' }, t('incident.levelValue', { level: incident.levelReached,
          name: lastStep ? lastStep.levelName : '—' })),
        el('dt', {}, t('incident.paged')),
        el('dd', { class: 'paged' }, people.length ? people.map(p => p.user + ' (' + p.level + ')').join(', ') : '—'),
        incident.acknowledgedBy ? el('dt', {}, t('incident.acknowledgedBy')) : null,
        incident.acknowledgedBy ? el('dd', { class: 'acked' }, t('incident.ackValue', {
          who: incident.acknowledgedBy, after: Andon.formatDuration((incident.secondsToAcknowledge || 0) * 1000) }))
          : null,
        el('dt', {}, t('incident.opened')),
        el('dd', {}, Andon.formatTime(incident.openedAt))),
      undeliverable.length ? el('p', { class: 'warn-text' }, t('incident.undeliverable', {
        who: undeliverable.map(p => p.recipient + ' (' + p.channel + ')').join(', ') })) : null,
      buttons);
    }));
    tick();
  }

  function renderEvents() {
    $('events').replaceChildren(...events.map(e => el('li', { 'data-type': e.type },
      el('time', { datetime: e.occurredAt }, Andon.formatTime(e.occurredAt)), ' ',
      el('strong', {}, e.stationId || ''), ' ', tv('event', e.type), eventDetail(e))));
  }

  function eventDetail(e) {
    const d = e.data || {};
    switch (e.type) {
      case 'STOP_STARTED':
        return ' · ' + tv('reason', d.reason) + (d.note ? ' “' + d.note + '”' : '');
      case 'INCIDENT_PAGED':
        return ' · ' + (d.levelName || '') + ': ' + (d.paged || []).join(', ');
      case 'INCIDENT_OPENED':
        return d.kind === 'CALL' ? ' · ' + tv('callType', d.callType) + (d.note ? ' “' + d.note + '”' : '') : '';
      case 'INCIDENT_ACKNOWLEDGED':
      case 'INCIDENT_RESOLVED':
      case 'CALL_CONTAINED':
      case 'STOP_ENDED':
        return ' · ' + e.actor;
      case 'HAND_OFF_REJECTED':
      case 'DEFECT_REPORTED':
        return ' · ' + (e.partSerial || '') + ' ' + (d.defectCode || '');
      default:
        return e.partSerial ? ' · ' + e.partSerial : '';
    }
  }

  /** The title and favicon carry the line's state, so a background tab still shows a stop. */
  function renderAlarm() {
    const all = [...stations.values()].map(s => s.view);
    const stopped = all.filter(s => s.state === 'STOPPED').map(s => s.stationId);
    const halted = all.filter(s => s.state === 'HALTED').length;
    const base = t('board.title') + (line ? ' · ' + line.id : '');
    if (stopped.length) {
      document.title = '⛔ ' + t('board.tabStopped', { stations: stopped.join(', ') }) + ' · ' + base;
      Andon.favicon('#c62828', '!');
    } else if (halted) {
      document.title = '▲ ' + t('state.HALTED') + ' · ' + base;
      Andon.favicon('#f2a900', '!');
    } else {
      document.title = base;
      Andon.favicon('#1e7b34', '');
    }
    document.body.dataset.line = stopped.length ? 'STOPPED' : (halted ? 'HALTED' : 'RUNNING');
  }

  /** Once a second: the running timers (server clock) and the wall clock. */
  function tick() {
    nodes.forEach(n => {
      if (n.state !== 'RUNNING' && n.at) {
        n.since.textContent = t('board.since', { time: Andon.formatTime(n.at), duration: Andon.since(n.at) });
      } else if (!n.customerStopped) {
        n.since.textContent = '';
      }
    });
    timers.forEach(x => {
      x.element.textContent = x.until
        ? t('incident.autoStopIn', { left: Andon.formatDuration(Date.parse(x.until) - Andon.now()),
          time: Andon.formatTime(x.until) })
        : Andon.since(x.from);
    });
    $('clock').textContent = Andon.formatTime(new Date(Andon.now()).toISOString());
  }

  // ---- commands ----------------------------------------------------------------------------------------------------
  async function run(body, done) {
    try {
      const result = await link.command(body);
      if (result.status === 'ACCEPTED') {
        done && done(result);
        scheduleReload();
        return true;
      }
      Andon.toast(t('error.refused', { code: result.code, message: Andon.refusal(result) }), 'error');
    } catch (e) {
      Andon.toast(e.message, 'error');
    }
    return false;
  }

  function acknowledge(incident) {
    run({ type: 'ACKNOWLEDGE', incidentId: incident.id },
      () => Andon.toast(t('incident.acknowledged', { station: incident.stationId }), 'ok'));
  }

  function contain(incident) {
    run({ type: 'CONTAIN', incidentId: incident.id },
      () => Andon.toast(t('incident.containedDone', { station: incident.stationId }), 'ok'));
  }

  function callToStop(incident) {
    run({ type: 'CALL_TO_STOP', incidentId: incident.id },
      () => Andon.toast(t('incident.stoppedFromCallDone', { station: incident.stationId }), 'warn'));
  }

  function resume(incident) {
    run({ type: 'RESUME', stopId: incident.stopId },
      () => Andon.toast(t('incident.resumed', { station: incident.stationId }), 'ok'));
  }

  /** Quality's key; a line that asks for a first-piece check wants the serial of the piece checked good. */
  function signOff(incident) {
    const body = { type: 'SIGN_OFF', stopId: incident.stopId };
    if (line && line.qualityRestart && line.qualityRestart.firstPiece) {
      const serial = window.prompt(t('incident.firstPiecePrompt', { station: incident.stationId }));
      if (!serial) {
        return;
      }
      body.partSerial = serial.trim();
    }
    run(body, () => Andon.toast(t('incident.signedOff', { station: incident.stationId }), 'ok'));
  }

  function openResolve(incident) {
    resolving = incident;
    $('resolve-what').textContent = incident.stationId + ' · ' + tv('reason', incident.reason)
      + (incident.note ? ' “' + incident.note + '”' : '');
    $('cause').value = '';
    $('countermeasure').value = '';
    $('resolve-error').textContent = '';
    $('resolve-dialog').showModal();
    $('cause').focus();
  }

  async function submitResolve(ev) {
    ev.preventDefault();
    const cause = $('cause').value.trim();
    const countermeasure = $('countermeasure').value.trim();
    if (!cause || !countermeasure) {
      $('resolve-error').textContent = t('incident.needBoth');
      return;
    }
    $('resolve-submit').disabled = true;
    try {
      const result = await link.command({ type: 'RESOLVE', incidentId: resolving.id, cause, countermeasure });
      if (result.status === 'ACCEPTED') {
        $('resolve-dialog').close();
        Andon.toast(t('incident.resolved', { station: resolving.stationId }), 'ok');
        scheduleReload();
      } else {
        $('resolve-error').textContent = t('error.refused', { code: result.code, message: Andon.refusal(result) });
      }
    } catch (e) {
      $('resolve-error').textContent = e.message;
    } finally {
      $('resolve-submit').disabled = false;
    }
  }

  // ---- sound -------------------------------------------------------------------------------------------------------
  function unlockAudio() {
    if (!audio && window.AudioContext) {
      audio = new AudioContext();
    }
    if (audio && audio.state === 'suspended') {
      audio.resume();
    }
  }

  /** Three short beeps (Web Audio, no sound file). */
  function beep() {
    if (muted) {
      return;
    }
    unlockAudio();
    if (!audio) {
      return;
    }
    const start = audio.currentTime + 0.05;
    for (let i = 0; i < 3; i++) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'square';
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start + i * 0.3);
      gain.gain.exponentialRampToValueAtTime(0.3, start + i * 0.3 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.3 + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.3);
      osc.stop(start + i * 0.3 + 0.22);
    }
    document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
  }

  function toggleMute() {
    muted = !muted;
    localStorage.setItem('andon.board.muted', String(muted));
    renderMute();
  }

  function renderMute() {
    const b = $('mute');
    b.setAttribute('aria-pressed', String(muted));
    b.textContent = muted ? t('board.soundOff') : t('board.soundOn');
  }
})();
