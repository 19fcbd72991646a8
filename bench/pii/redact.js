// Dev-only: times redact-pii's SyncRedactor on a text file, for the comparison in
// docs/benchmarks.md. Usage: node redact.js FILE [RUNS]. Prints one JSON line.
'use strict';
const fs = require('fs');
const { SyncRedactor } = require('redact-pii');

const file = process.argv[2];
const runs = Number(process.argv[3] || 1);
const text = fs.readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(text, 'utf8');
const redactor = new SyncRedactor();

// Warm up the JIT on the first megabyte so the timed runs measure steady state.
redactor.redact(text.slice(0, 1 << 20));

let best = { wallMs: Infinity, cpuMs: Infinity };
let out = '';
for (let i = 0; i < runs; i++) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  out = redactor.redact(text);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (wallMs < best.wallMs) best = { wallMs, cpuMs };
}
// Count the replacement tokens redact-pii wrote, less any already in the text.
const tokens = /\b(NAME|PHONE_NUMBER|EMAIL_ADDRESS|STREET_ADDRESS|ZIPCODE|DIGITS|URL|CREDIT_CARD_NUMBER|US_SOCIAL_SECURITY_NUMBER|IP_ADDRESS|CREDENTIALS|PASSWORD|USERNAME)\b/g;
const redactions = (out.match(tokens) || []).length - (text.match(tokens) || []).length;
console.log(JSON.stringify({ engine: 'redact-pii 3.4.0 (SyncRedactor)', bytes, runs, wall_ms: best.wallMs, cpu_ms: best.cpuMs, redactions }));
