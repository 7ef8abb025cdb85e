/*
 * The quality review: the hand-off log with filters, paging and CSV export; one part's trace; escapes by station;
 * the internal-customer scorecards; the Pareto of defect codes; the parts on hold (quality releases or confirms
 * each); one station's page (its suppliers and customers, what they rejected, its escapes, holds and stop cost).
 * REST with HTTP Basic; releasing and confirming a hold are the only writes, sent as commands.
 */
'use strict';

(() => {
  const { t, tv, el, svg, $ } = Andon;
  const TABS = ['handoffs', 'trace', 'escapes', 'scorecards', 'pareto', 'holds', 'station'];
  const PAGE_SIZE = 50;

  let viewer = null;
  let line = null;
  let tab = 'handoffs';
  let page = 0;
  const cache = {};

  document.addEventListener('DOMContentLoaded', async () => {
    await Andon.initLanguage();
    document.addEventListener('andon:language', () => {
      fillFilters();
      rerender();
    });
    document.querySelectorAll('[role=tab]').forEach(b => {
      b.addEventListener('click', () => select(b.dataset.tab, true));
      b.addEventListener('keydown', tabKeys);
    });
    document.querySelectorAll('[data-period]').forEach(b => b.addEventListener('click', () => {
      setPeriod(b.dataset.period);
      refresh();
    }));
    $('line').addEventListener('change', async () => {
      await loadLine($('line').value);
      refresh();
    });
    $('from').addEventListener('change', refresh);
    $('to').addEventListener('change', refresh);
    $('scope').addEventListener('submit', ev => { ev.preventDefault(); refresh(); });
    $('handoff-filters').addEventListener('submit', ev => {
      ev.preventDefault();
      page = 0;
      loadHandOffs();
    });
    $('prev').addEventListener('click', () => { page = Math.max(0, page - 1); loadHandOffs(); });
    $('next').addEventListener('click', () => { page++; loadHandOffs(); });
    $('export').addEventListener('click', exportCsv);
    $('s-station').addEventListener('change', () => loadStation($('s-station').value));
    $('trace-form').addEventListener('submit', ev => { ev.preventDefault(); loadTrace($('trace-serial').value.trim()); });
    Andon.personGate(start);
  });

  async function start(who) {
    viewer = who;
    $('line').replaceChildren(...viewer.lines.map(l => el('option', { value: l.id }, l.id + ' · ' + l.name)));
    $('zone-note').textContent = t('quality.zoneNote', { zone: viewer.zone });
    setPeriod('7');
    await loadLine(viewer.lines[0].id);
    const wanted = location.hash.replace('#', '');
    select(TABS.includes(wanted) ? wanted : 'handoffs', false);
  }

  async function loadLine(id) {
    line = await Andon.api('api/lines/' + encodeURIComponent(id));
    $('line').value = id;
    fillFilters();
  }

  function fillFilters() {
    if (!line) {
      return;
    }
    const station = $('f-station').value;
    const defect = $('f-defect').value;
    $('f-station').replaceChildren(el('option', { value: '' }, t('quality.any')),
      ...line.stations.map(s => el('option', { value: s.stationId }, s.stationId + ' · ' + s.name)));
    $('f-defect').replaceChildren(el('option', { value: '' }, t('quality.any')),
      ...line.defectCodes.map(c => el('option', { value: c.code }, c.code)));
    const reviewed = $('s-station').value;
    $('s-station').replaceChildren(...line.stations.map(s => el('option', { value: s.stationId },
      s.stationId + ' · ' + s.name)));
    $('s-station').value = reviewed || line.stations[0].stationId;
    $('f-station').value = station;
    $('f-defect').value = defect;
    $('zone-note').textContent = viewer ? t('quality.zoneNote', { zone: viewer.zone }) : '';
  }

  function setPeriod(kind) {
    const now = Andon.now();
    if (kind === 'all') {
      $('from').value = '';
      $('to').value = '';
      return;
    }
    let from;
    if (kind === 'today') {
      from = Andon.zonedToInstant(Andon.instantToZoned(new Date(now).toISOString()).slice(0, 10) + 'T00:00');
    } else {
      from = new Date(now - Number(kind) * 86400000).toISOString();
    }
    $('from').value = Andon.instantToZoned(from);
    $('to').value = '';
  }

  function period() {
    return { from: Andon.zonedToInstant($('from').value), to: Andon.zonedToInstant($('to').value) };
  }

  function select(name, focus) {
    tab = name;
    document.querySelectorAll('[role=tab]').forEach(b => {
      const on = b.dataset.tab === name;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) {
        b.focus();
      }
    });
    TABS.forEach(n => Andon.show($('panel-' + n), n === name));
    history.replaceState(null, '', '#' + name);
    refresh();
  }

  function tabKeys(ev) {
    const i = TABS.indexOf(tab);
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
      ev.preventDefault();
      select(TABS[(i + (ev.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length], true);
    }
  }

  function refresh() {
    if (!line) {
      return;
    }
    switch (tab) {
      case 'handoffs': page = 0; loadHandOffs(); break;
      case 'trace': if ($('trace-serial').value.trim()) { loadTrace($('trace-serial').value.trim()); } break;
      case 'escapes': loadReport('escapes', renderEscapes); break;
      case 'scorecards': loadReport('scorecards', renderScorecards); break;
      case 'pareto': loadReport('pareto', renderPareto); break;
      case 'holds': loadHolds(); break;
      case 'station': loadStation($('s-station').value); break;
      default: break;
    }
  }

  function rerender() {
    if (cache.handoffs) { renderHandOffs(cache.handoffs); }
    if (cache.trace) { renderTrace(cache.trace); }
    if (cache.escapes) { renderEscapes(cache.escapes); }
    if (cache.scorecards) { renderScorecards(cache.scorecards); }
    if (cache.pareto) { renderPareto(cache.pareto); }
    if (cache.holds) { renderHolds(cache.holds); }
    if (cache.station) { renderStation(cache.station); }
  }

  function fail(status, e) {
    $(status).textContent = e.message;
    Andon.toast(e.message, 'error');
  }

  // ---- hand-offs -------------------------------------------------------------------------------------------------
  function handOffFilter() {
    const p = period();
    return { line: line.id, station: $('f-station').value, part: $('f-part').value.trim(),
      decision: $('f-decision').value, defectCode: $('f-defect').value, from: p.from, to: p.to };
  }

  async function loadHandOffs() {
    try {
      const result = await Andon.api('api/handoffs' + Andon.query(Object.assign(handOffFilter(),
        { page, size: PAGE_SIZE })));
      cache.handoffs = result;
      renderHandOffs(result);
    } catch (e) {
      fail('handoff-status', e);
    }
  }

  function renderHandOffs(r) {
    $('handoffs').tBodies[0].replaceChildren(...r.items.map(h => el('tr', { class: 'decision-' + h.decision,
      'data-id': h.id, 'data-part': h.partSerial },
    el('td', {}, h.id),
    el('td', {}, Andon.formatTime(h.passedAt, true)),
    el('td', {}, el('a', { href: '#trace', onclick: ev => { ev.preventDefault(); showTrace(h.partSerial); } },
      h.partSerial)),
    el('td', {}, h.fromStation),
    el('td', {}, h.toStation || '—'),
    el('td', { class: 'decision' }, tv('decision', h.decision) + (h.blockedBecause ? ' (' + h.blockedBecause + ')' : '')),
    el('td', {}, h.defectCode || ''),
    el('td', {}, h.decidedAt ? Andon.formatTime(h.decidedAt, true) + ' · ' + (h.decidedBy || '') : ''),
    el('td', {}, h.note || ''))));
    $('handoff-status').textContent = t('quality.found', { total: r.total });
    $('page-of').textContent = t('quality.pageOf', { page: r.pages ? r.page + 1 : 0, pages: r.pages });
    $('prev').disabled = r.page <= 0;
    $('next').disabled = r.page + 1 >= r.pages;
  }

  /** Downloads the CSV of the current filter (all pages) from the server, with the sign-in the page holds. */
  async function exportCsv() {
    const url = 'api/quality/handoffs.csv' + Andon.query(handOffFilter());
    $('export').dataset.href = url;
    try {
      const response = await Andon.api(url, { raw: true, accept: 'text/csv' });
      const blob = await response.blob();
      const a = el('a', { href: URL.createObjectURL(blob), download: 'handoffs-' + line.id + '.csv' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      $('handoff-status').textContent = t('quality.exported');
    } catch (e) {
      fail('handoff-status', e);
    }
  }

  // ---- trace -------------------------------------------------------------------------------------------------------
  function showTrace(serial) {
    $('trace-serial').value = serial;
    select('trace', true);
  }

  async function loadTrace(serial) {
    if (!serial) {
      return;
    }
    try {
      const entries = await Andon.api('api/lines/' + encodeURIComponent(line.id) + '/parts/'
        + encodeURIComponent(serial) + '/trace');
      cache.trace = entries;
      renderTrace(entries);
    } catch (e) {
      cache.trace = null;
      $('trace').tBodies[0].replaceChildren();
      $('trace-status').textContent = e.status === 404 ? t('quality.noSuchPart', { serial }) : e.message;
    }
  }

  function renderTrace(entries) {
    $('trace').tBodies[0].replaceChildren(...entries.map(e => el('tr', { 'data-type': e.type },
      el('td', {}, e.seq),
      el('td', {}, Andon.formatTime(e.occurredAt, true)),
      el('td', {}, e.stationId || ''),
      el('td', {}, tv('event', e.type)),
      el('td', {}, e.actor),
      el('td', {}, details(e.data)))));
    $('trace-status').textContent = t('quality.traceOf', { serial: entries.length ? entries[0].partSerial : '',
      n: entries.length });
  }

  function details(data) {
    return Object.entries(data || {}).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && !v.length))
      .map(([k, v]) => k + ': ' + (Array.isArray(v) ? v.join(' → ') : v)).join(' · ');
  }

  // ---- reports -------------------------------------------------------------------------------------------------------
  async function loadReport(kind, render) {
    const p = period();
    try {
      const r = await Andon.api('api/quality/' + kind + Andon.query({ line: line.id, from: p.from, to: p.to }));
      cache[kind] = r;
      render(r);
    } catch (e) {
      Andon.toast(e.message, 'error');
    }
  }

  function num(n, digits) {
    return el('td', { class: 'num' }, Andon.formatNumber(n, digits));
  }

  function renderEscapes(r) {
    const max = Math.max(1, ...r.stations.map(s => s.total));
    $('escapes').tBodies[0].replaceChildren(...r.stations.map(s => el('tr', { 'data-station': s.stationId },
      el('td', {}, s.stationId + ' · ' + s.name), num(s.ownPassedOn), num(s.missed), num(s.total), num(s.caught),
      el('td', {}, el('div', { class: 'bar-cell' }, el('div', { class: 'bar-fill', 'data-width': s.total / max }))))));
    $('escapes').querySelectorAll('.bar-fill').forEach(b => { b.style.width = (Number(b.dataset.width) * 12) + 'rem'; });
    $('escaped').tBodies[0].replaceChildren(...r.latest.map(d => el('tr', {},
      el('td', {}, Andon.formatTime(d.openedAt, true)), el('td', {}, d.partSerial), el('td', {}, d.code),
      el('td', {}, d.originStation || '—'), el('td', {}, d.foundAt), el('td', {}, d.passedOnBy.join(' → ')))));
  }

  function renderScorecards(r) {
    $('cost-note').textContent = t('quality.costNote', { cost: Andon.formatNumber(r.costPerMinute, 2) });
    $('scorecards').tBodies[0].replaceChildren(...r.stations.map(s => el('tr', { 'data-station': s.stationId },
      el('th', { scope: 'row' }, stationLink(s.stationId, s.stationId + ' · ' + s.name)),
      num(s.partsReceived), num(s.rejectedIncoming), num(s.rejectedByCustomers), num(s.escapes),
      el('td', { class: 'num', title: s.firstPassGood + ' / ' + s.processed },
        s.firstPassYield == null ? '—' : Andon.formatNumber(s.firstPassYield * 100, 1) + ' %'),
      num(s.stops), num(s.stoppedMinutes, 1), num(s.stopCost, 2),
      el('td', { class: 'num' }, s.meanSecondsToAcknowledge == null ? '—'
        : Andon.formatDuration(s.meanSecondsToAcknowledge * 1000)))));
    renderCalls(r);
  }

  /**
   * Calls by station and the teams' response. Nothing is coloured as good or bad: a pull is a problem caught early,
   * and nobody is blamed for a stop either; the pull-to-stop ratio says how often a call was not contained in time.
   */
  function renderCalls(r) {
    $('calls').tBodies[0].replaceChildren(...r.stations.map(s => {
      const c = s.calls;
      return el('tr', { 'data-station': s.stationId },
        el('th', { scope: 'row' }, s.stationId + ' · ' + s.name),
        num(c.calls),
        el('td', {}, Object.entries(c.byType).map(([type, n]) => tv('callType', type) + ' ' + n).join(' · ')),
        el('td', { class: 'num' }, c.contained + share(c.contained, c.calls)),
        num(c.stopped),
        num(c.automaticStops),
        num(c.open),
        el('td', { class: 'num', title: c.pullToStopRatio == null ? ''
          : t('quality.stopShare', { share: Andon.formatNumber(c.pullToStopRatio * 100, 0) }) },
        c.calls ? c.calls + ' : ' + c.stopped : '—'));
    }));
    const rows = r.teams.map(team => teamRow(null, team));
    r.stations.forEach(s => s.calls.teams.forEach(team => rows.push(teamRow(s, team))));
    $('team-response').tBodies[0].replaceChildren(...rows);
  }

  function share(part, whole) {
    return whole ? ' (' + Andon.formatNumber(part * 100 / whole, 0) + ' %)' : '';
  }

  function seconds(s) {
    return el('td', { class: 'num' }, s == null ? '—' : Andon.formatDuration(s * 1000));
  }

  function teamRow(station, team) {
    return el('tr', { class: station ? '' : 'whole-line', 'data-station': station ? station.stationId : '',
      'data-team': team.team || '' },
    el('th', { scope: 'row' }, station ? station.stationId + ' · ' + station.name : t('quality.wholeLine')),
    el('td', {}, team.team || t('quality.noTeam')),
    num(team.calls), num(team.acknowledged),
    seconds(team.medianSecondsToAcknowledge), seconds(team.p90SecondsToAcknowledge),
    seconds(team.maxSecondsToAcknowledge), num(team.contained),
    seconds(team.medianSecondsToContain), seconds(team.p90SecondsToContain), seconds(team.maxSecondsToContain));
  }

  // ---- holds -------------------------------------------------------------------------------------------------------
  function mayDecide() {
    return viewer && (viewer.roles.includes('QUALITY') || viewer.roles.includes('ADMIN'));
  }

  async function loadHolds() {
    try {
      const holds = await Andon.api('api/quality/holds' + Andon.query({ line: line.id }));
      cache.holds = holds;
      renderHolds(holds);
    } catch (e) {
      fail('holds-status', e);
    }
  }

  function whereNow(h) {
    return tv('partStatus', h.partStatus || 'UNKNOWN') + (h.station ? ' ' + h.station : '');
  }

  function because(h) {
    return t('quality.suspectOf', { code: h.defectCode, serial: h.defectSerial, origin: h.origin });
  }

  function renderHolds(holds) {
    $('holds').tBodies[0].replaceChildren(...holds.map(h => el('tr', { 'data-hold': h.holdId, 'data-part': h.partSerial },
      el('td', {}, h.holdId),
      el('td', {}, el('a', { href: '#trace', onclick: ev => { ev.preventDefault(); showTrace(h.partSerial); } },
        h.partSerial)),
      el('td', { class: 'where' }, whereNow(h)),
      el('td', {}, Andon.formatTime(h.placedAt, true)),
      el('td', {}, because(h), ' ', stationLink(h.origin, '→ ' + h.origin)),
      el('td', {}, mayDecide() ? decision(h) : t('quality.qualityDecides')))));
    $('holds-status').textContent = holds.length ? t('quality.holdsOpen', { n: holds.length }) : t('quality.noHolds');
  }

  /** Release (with why) or confirm (with the defect code found) one held part. */
  function decision(h) {
    const note = el('input', { class: 'note-input', 'data-field': 'note', placeholder: t('quality.why'),
      'aria-label': t('quality.why') });
    const code = el('select', { 'data-field': 'defect', 'aria-label': t('quality.col.defect') },
      ...line.defectCodes.map(c => el('option', { value: c.code }, c.code)));
    code.value = h.defectCode;
    return el('div', { class: 'hold-decision' }, note,
      el('button', { type: 'button', class: 'primary', 'data-action': 'release', onclick: () => {
        if (!note.value.trim()) {
          note.focus();
          Andon.toast(t('quality.whyNeeded'), 'error');
          return;
        }
        decide(h, 'release', { note: note.value.trim() });
      } }, t('quality.release')),
      code,
      el('button', { type: 'button', class: 'danger', 'data-action': 'confirm', onclick: () =>
        decide(h, 'confirm', { defectCode: code.value, note: note.value.trim() }) }, t('quality.confirm')));
  }

  async function decide(h, what, body) {
    try {
      await Andon.api('api/holds/' + h.holdId + '/' + what, { method: 'POST', body });
      Andon.toast(t(what === 'release' ? 'quality.released' : 'quality.confirmed', { serial: h.partSerial }), 'ok');
      loadHolds();
    } catch (e) {
      Andon.toast(e.message, 'error');
    }
  }

  // ---- one station ---------------------------------------------------------------------------------------------------
  function stationLink(id, text) {
    return el('a', { href: '#station', 'data-station-link': id, onclick: ev => {
      ev.preventDefault();
      $('s-station').value = id;
      select('station', true);
    } }, text);
  }

  async function loadStation(id) {
    if (!id) {
      return;
    }
    const p = period();
    try {
      const r = await Andon.api('api/quality/stations/' + encodeURIComponent(id) + Andon.query({ from: p.from,
        to: p.to }));
      cache.station = r;
      renderStation(r);
    } catch (e) {
      Andon.toast(e.message, 'error');
    }
  }

  function chips(ids, empty) {
    return ids.length ? ids.map(id => stationLink(id, id)) : [el('span', { class: 'quiet' }, empty)];
  }

  function renderStation(r) {
    $('station-title').textContent = r.stationId + ' · ' + r.name;
    const graph = $('station-graph');
    graph.setAttribute('aria-label', t('quality.graphLabel', { station: r.stationId,
      suppliers: r.suppliers.join(', ') || '—', customers: r.customers.join(', ') || '—' }));
    graph.replaceChildren(
      el('div', { class: 'graph-side', 'data-side': 'suppliers' }, el('span', { class: 'graph-label' },
        t('quality.suppliers')), ...chips(r.suppliers, t('quality.entryStation'))),
      el('span', { class: 'graph-arrow', 'aria-hidden': 'true' }, '→'),
      el('div', { class: 'graph-self' }, r.stationId),
      el('span', { class: 'graph-arrow', 'aria-hidden': 'true' }, '→'),
      el('div', { class: 'graph-side', 'data-side': 'customers' }, el('span', { class: 'graph-label' },
        t('quality.customers')), ...chips(r.customers, t('quality.lastStation'))));
    const c = r.scorecard;
    const figure = (key, value) => el('div', { class: 'figure' }, el('dt', {}, t(key)),
      el('dd', { 'data-figure': key }, value));
    $('station-figures').replaceChildren(
      figure('quality.col.rejectedOut', Andon.formatNumber(c.rejectedByCustomers)),
      figure('quality.col.escapes', Andon.formatNumber(c.escapes)),
      figure('quality.col.fpy', c.firstPassYield == null ? '—' : Andon.formatNumber(c.firstPassYield * 100, 1) + ' %'),
      figure('quality.col.onHold', Andon.formatNumber(r.onHold.length)),
      figure('quality.col.stops', Andon.formatNumber(c.stops)),
      figure('quality.col.stoppedMinutes', Andon.formatNumber(c.stoppedMinutes, 1)),
      figure('quality.col.partsNotMade', Andon.formatNumber(r.partsNotMade) + ' '
        + t('quality.atTakt', { takt: Andon.formatNumber(r.taktSeconds, 0) })),
      figure('quality.col.cost', Andon.formatNumber(c.stopCost, 2)));
    $('station-holds').tBodies[0].replaceChildren(...r.onHold.map(h => el('tr', { 'data-part': h.partSerial },
      el('td', {}, h.partSerial), el('td', {}, whereNow(h)), el('td', {}, Andon.formatTime(h.placedAt, true)),
      el('td', {}, because(h)))));
    $('station-rejects').tBodies[0].replaceChildren(...r.rejectedByCustomers.map(x => el('tr', { 'data-part': x.partSerial },
      el('td', {}, Andon.formatTime(x.decidedAt, true)), el('td', {}, x.partSerial), el('td', {}, x.customer),
      el('td', {}, x.defectCode || ''), el('td', {}, x.note || ''))));
    $('station-alarms').tBodies[0].replaceChildren(...(r.alarmSuppressions || []).map(a => el('tr', {
      'data-suppression': a.id, 'data-kind': a.kind },
    el('td', {}, tv('quality.kind', a.kind)), el('td', {}, tv('alarm', a.alarm)),
    el('td', {}, Andon.formatTime(a.startedAt, true)),
    el('td', {}, a.endedAt ? Andon.formatTime(a.endedAt, true) + ' · ' + (a.endedBy || '')
      : (a.until ? '→ ' + Andon.formatTime(a.until, true) : '—')),
    el('td', {}, a.startedBy), el('td', {}, a.reason + (a.endReason ? ' / ' + a.endReason : '')))));
    $('station-escapes').tBodies[0].replaceChildren(...r.escapes.map(d => el('tr', { 'data-part': d.partSerial },
      el('td', {}, Andon.formatTime(d.openedAt, true)), el('td', {}, d.partSerial), el('td', {}, d.code),
      el('td', {}, d.originStation || '—'), el('td', {}, d.foundAt))));
  }

  function renderPareto(r) {
    $('pareto').tBodies[0].replaceChildren(...r.codes.map(c => el('tr', { 'data-code': c.code },
      el('td', {}, c.code), el('td', {}, c.description || ''), num(c.count),
      num(c.share * 100, 1), num(c.cumulativeShare * 100, 1))));
    const box = $('pareto-chart');
    if (!r.codes.length) {
      box.replaceChildren(el('p', { class: 'quiet' }, t('quality.noDefects')));
      return;
    }
    const W = 900;
    const H = 360;
    const left = 50;
    const right = 50;
    const top = 20;
    const bottom = 70;
    const plotW = W - left - right;
    const plotH = H - top - bottom;
    const max = r.codes[0].count;
    const step = plotW / r.codes.length;
    const barW = Math.min(90, step * 0.7);
    const chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': t('quality.paretoLabel', {
      total: r.total }) });
    chart.append(svg('line', { class: 'axis', x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH }));
    chart.append(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: top + plotH }));
    chart.append(svg('line', { class: 'axis', x1: left + plotW, y1: top, x2: left + plotW, y2: top + plotH }));
    const y80 = top + plotH * 0.2;
    chart.append(svg('line', { class: 'grid80', x1: left, y1: y80, x2: left + plotW, y2: y80 }));
    chart.append(svg('text', { x: left + plotW + 4, y: y80 + 4 }, '80%'));
    chart.append(svg('text', { x: left - 8, y: top + 10, 'text-anchor': 'end' }, String(max)));
    chart.append(svg('text', { x: left - 8, y: top + plotH, 'text-anchor': 'end' }, '0'));
    chart.append(svg('text', { x: left + plotW + 4, y: top + 10 }, '100%'));
    const points = [];
    r.codes.forEach((c, i) => {
      const h = plotH * c.count / max;
      const x = left + i * step + (step - barW) / 2;
      chart.append(svg('rect', { class: 'bar', x, y: top + plotH - h, width: barW, height: h },
        svg('title', {}, c.code + ': ' + c.count)));
      chart.append(svg('text', { x: x + barW / 2, y: top + plotH - h - 5, 'text-anchor': 'middle' }, String(c.count)));
      chart.append(svg('text', { x: x + barW / 2, y: top + plotH + 18, 'text-anchor': 'end',
        transform: 'rotate(-30 ' + (x + barW / 2) + ' ' + (top + plotH + 18) + ')' }, c.code));
      const cy = top + plotH * (1 - c.cumulativeShare);
      points.push((x + barW / 2) + ',' + cy);
      chart.append(svg('circle', { class: 'cum-dot', cx: x + barW / 2, cy, r: 4 }));
    });
    chart.append(svg('polyline', { class: 'cum', points: points.join(' ') }));
    box.replaceChildren(chart);
  }
})();
