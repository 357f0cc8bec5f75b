// Shared by the live page and the call pages; served by the gateway at /assets/pages.js.
"use strict";

const LAYER_COLOURS = {carrier: "#58a6ff", gateway: "#bc8cff", agent: "#f0883e", caller: "#56d4c4",
  none: "#3fb950"};
const OUTCOME_COLOURS = {answered: "#3fb950", redirected: "#d29922", cancelled: "#8a96a3", rejected: "#f85149",
  failed: "#ff7b72"};

function el(tag, attrs, children) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  for (const c of children || []) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); }
  return e;
}

function svg(tag, attrs, children) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttrs(e, attrs);
  for (const c of children || []) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); }
  return e;
}

function setAttrs(e, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) { continue; }
    if (k === "text") { e.textContent = v; } else { e.setAttribute(k, v); }
  }
}

function measured(v) { return v !== undefined && v !== null && v >= 0; }

function ms(v) {
  if (!measured(v)) { return "–"; }
  if (v >= 1000) { return (v / 1000).toFixed(v >= 10000 ? 0 : 1) + " s"; }
  return (v >= 100 ? Math.round(v) : v >= 1 || v === 0 ? v.toFixed(1) : v.toPrecision(2)) + " ms";
}
/** An axis tick in milliseconds, short: "20 ms", "2.5 ms", "1.5 s". */
function axisMs(v) {
  if (v === null || v === undefined) { return ""; }
  return v >= 1000 ? +(v / 1000).toPrecision(3) + " s" : +v.toPrecision(3) + " ms";
}
function pct(v) { return measured(v) ? (100 * v).toFixed(2) + " %" : "–"; }
function num(v, digits) { return measured(v) ? v.toFixed(digits) : "–"; }
function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}
function party(uri) {
  if (!uri) { return "–"; }
  const m = /^<?(?:sips?:|tel:)?([^@;>]+)/.exec(uri);
  return m ? m[1] : uri;
}

/** A cell whose text is cut to one line, with the whole value on hover. */
function cutCell(text, child) {
  return el("td", {"class": "cut", title: text}, [child || text]);
}

/** The page of a call. */
function callUrl(id) { return "/calls/" + encodeURIComponent(id); }

// What each attribution figure is called, and how its value reads.
const FIGURES = {
  "carrier.setupMs": ["set-up", ms], "carrier.ackMs": ["ACK after 200 OK", ms],
  "carrier.jitterMeanMs": ["inbound jitter", ms], "carrier.farEndJitterMs": ["outbound jitter (carrier's report)", ms],
  "carrier.lossFraction": ["inbound loss", pct], "carrier.farEndLossFraction": ["outbound loss (carrier's report)", pct],
  "carrier.rttMs": ["round trip", ms], "gateway.inboundP99Ms": ["caller-audio processing p99", ms],
  "gateway.outboundP99Ms": ["agent-audio processing p99", ms], "gateway.pacingErrorP99Ms": ["pacing error p99", ms],
  "agent.connectMs": ["connect", ms], "agent.firstSpeechMs": ["first speech", ms],
  "agent.turnP95Ms": ["turn latency p95", ms]
};

/** "agent: first speech 3.4 s, over 3 s" for the worst figure of an attribution; null when none crossed. */
function verdictReason(a) {
  if (!a || !a.exceeded || a.exceeded.length === 0) { return null; }
  return a.exceeded.map(name => {
    const [layer, key] = name.split(".");
    const [label, format] = FIGURES[name] || [key, ms];
    const value = a[layer] ? a[layer][key] : null;
    const limit = a.limits ? a.limits[name] : null;
    return layer + ": " + label + " " + format(value) + (measured(limit) ? ", over " + format(limit) : "");
  });
}

/** A small uPlot chart in a dark panel; returns the chart. */
function makeChart(target, series, scales, axes, width, height) {
  const grid = {stroke: "#2a3440", width: 1};
  const axis = {stroke: "#8a96a3", grid: grid, ticks: {stroke: "#2a3440"}};
  return new uPlot({
    width: width, height: height,
    cursor: {drag: {x: false, y: false}},
    legend: {live: false},
    scales: scales,
    series: series,
    axes: axes.map(a => Object.assign({}, axis, a))
  }, series.map(() => []), target);
}
