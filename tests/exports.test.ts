/**
 * Exports over REST with real pg-boss jobs: each test starts an export, polls GET /exports/{jobId} until
 * the job completes, downloads the file through its signed link and checks it against what the list
 * endpoints return for the same filters (CSV parsed, PDF read by poppler's pdftotext). Also: signed-link
 * expiry and tampering, deletion, the retention cleanup, permissions and ownership, input validation,
 * PDF row cap, the row limit, and the S3 driver (s3rver).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/system.ts';

const PDF_CAP = 50;
const MAX_ROWS = 280;
const DAYS = 10;
const PEOPLE = 30;

let sys: TestSystem;
let admin: string;
let dataDir: string;
let gate: string;

const api = (method: string, url: string, body?: unknown, token = admin) => sys.request(method, `/api/v1${url}`, { token, ...(body !== undefined ? { body } : {}) });

async function download(url: string) {
  const res = await fetch(new URL(url, sys.baseUrl));
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Polls the job until it is completed or failed. */
async function settle(jobId: string, token = admin, timeoutMs = 25_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await api('GET', `/exports/${jobId}`, undefined, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (res.body.data.status === 'completed' || res.body.data.status === 'failed') return res.body.data;
    if (Date.now() > until) throw new Error(`export ${jobId} still ${res.body.data.status}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function exportAndWait(url: string, body: unknown, token = admin, method = 'POST') {
  const res = await api(method, url, body, token);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.data.jobId).toMatch(/^EXP-/);
  const job = await settle(res.body.data.jobId as string, token);
  expect(job.status, job.error).toBe('completed');
  return job;
}

/** RFC 4180 parser for the tests (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

async function csvOf(job: { downloadUrl: string }) {
  const file = await download(job.downloadUrl);
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const text = file.bytes.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  return { header: header!, rows, text };
}

/** What a spreadsheet-safe CSV cell of an API value looks like. */
const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
};

async function allPages(url: string, token = admin) {
  const out: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const res = await api('GET', `${url}${url.includes('?') ? '&' : '?'}page=${page}&pageSize=200`, undefined, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out.push(...(res.body.data as Record<string, unknown>[]));
    if (page >= res.body.meta.totalPages) return out;
  }
}

async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number }> {
  const file = path.join(dataDir, `check-${Date.now()}.pdf`);
  await writeFile(file, bytes);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
}

const dayOf = (i: number) => `2026-03-${String(i + 1).padStart(2, '0')}`;
const NAMES = ['Aisha Rahman', 'O"Brien, Jr.', '=HYPERLINK("http://evil")', 'Jürgen Müller', '+Plus Start', '@Mention', '-Minus', 'Line\nBreak'];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sentinel-exports-'));
  sys = await startTestSystem({ DATA_DIR: dataDir, EXPORT_BATCH_ROWS: '100', EXPORT_MAX_PDF_ROWS: String(PDF_CAP), EXPORT_MAX_ROWS: String(MAX_ROWS) });
  admin = await sys.adminToken();
  gate = (await api('POST', '/cameras', { name: 'Main gate', streamType: 'HTTP', streamUrl: 'http://10.0.0.1/mjpeg' })).body.data.id as string;

  // PEOPLE x DAYS records: time-ins share instants across people (ties on the keyset's time) and carry
  // microseconds (finer than a JS Date); every 7th has no time in (missed, sorted last within its day).
  const rows = [];
  for (let d = 0; d < DAYS; d++) {
    for (let p = 0; p < PEOPLE; p++) {
      const missed = (d * PEOPLE + p) % 7 === 0;
      const timeIn = `${dayOf(d)}T08:${String(p % 5).padStart(2, '0')}:00.${String(123456 + p * 1000).padStart(6, '0')}Z`;
      rows.push({
        id: `ATT-X${d}-${String(p).padStart(3, '0')}`, employee_id: `EX-${p}`, name: NAMES[p % NAMES.length]!, department: p % 2 ? 'Ops' : 'Security', date: dayOf(d),
        time_in: missed ? null : timeIn, time_out: missed ? null : `${dayOf(d)}T17:00:00Z`, camera_id: missed ? null : gate, camera_name: missed ? null : 'Main gate',
        accuracy: missed ? null : 0.9, status: missed ? 'missed' : p % 3 ? 'present' : 'late', note: p === 4 ? 'note, with "quotes"' : null,
        voided_at: d === 0 && p === 1 ? new Date('2026-03-02T00:00:00Z') : null,
      });
    }
  }
  await sys.db.db.insertInto('attendance_logs').values(rows).execute();
});
afterAll(async () => {
  await sys.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('attendance export', () => {
  const expected = (l: Record<string, unknown>) => [
    l.id, l.employeeId, l.name, l.department, l.date, l.timeIn, l.timeOut, l.cameraId, l.cameraName, l.accuracy, l.status, l.source, l.shiftId, l.note,
    l.odooStatus, l.odooSyncTime, l.createdAt, l.updatedAt,
  ].map(cell);

  it('writes exactly the rows GET /attendance/logs lists for the same filters, in its order (CSV, several keyset batches)', async () => {
    const filters = { dateFrom: dayOf(0), dateTo: dayOf(DAYS - 2), department: 'Ops' };
    const job = await exportAndWait('/attendance/export', { format: 'csv', filters });
    const logs = await allPages(`/attendance/logs?dateFrom=${dayOf(0)}&dateTo=${dayOf(DAYS - 2)}&department=Ops`);
    expect(logs.length).toBeGreaterThan(100);
    const { header, rows } = await csvOf(job);
    expect(header).toEqual(['ID', 'Employee ID', 'Name', 'Department', 'Date', 'Time In (UTC)', 'Time Out (UTC)', 'Camera ID', 'Camera', 'Accuracy', 'Status', 'Source',
      'Shift ID', 'Note', 'Odoo Status', 'Odoo Sync Time (UTC)', 'Created At (UTC)', 'Updated At (UTC)']);
    expect(rows).toEqual(logs.map(expected));
    expect(job).toMatchObject({ type: 'attendance', format: 'csv', progress: 100, rows: logs.length, totalRows: logs.length, truncated: false, error: null, filters });
  });

  it('exports every live record of a date range through POST /exports, voided ones left out, ties and missed days ordered like the list', async () => {
    const job = await exportAndWait('/exports', { type: 'attendance', format: 'csv', filters: { dateFrom: dayOf(0), dateTo: dayOf(8) } });
    const logs = await allPages(`/attendance/logs?dateFrom=${dayOf(0)}&dateTo=${dayOf(8)}`);
    expect(logs).toHaveLength(9 * PEOPLE - 1);
    const { rows } = await csvOf(job);
    expect(rows.map((r) => r[0])).toEqual(logs.map((l) => l.id));
    expect(rows.map((r) => r[0])).not.toContain('ATT-X0-001');
  });

  it('quotes commas, quotes and line breaks (RFC 4180), neutralises formulas, keeps UTF-8 names', async () => {
    const job = await exportAndWait('/exports/attendance', { type: 'attendance', filters: { dateFrom: dayOf(3), dateTo: dayOf(3) } });
    const { rows, text } = await csvOf(job);
    expect(text).toContain('"O""Brien, Jr."');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain('"note, with ""quotes"""');
    expect(text).toContain('"Line\nBreak"');
    const names = new Set(rows.map((r) => r[2]));
    for (const n of ["'+Plus Start", "'@Mention", "'-Minus", 'Jürgen Müller', 'Line\nBreak']) expect(names).toContain(n);
    expect(text.split('\r\n').length).toBe(rows.length + 2); // header, rows, final CRLF
  });

  it('makes a PDF a PDF reader opens: names, headers on every page, page numbers, capped at EXPORT_MAX_PDF_ROWS and saying so', async () => {
    const job = await exportAndWait('/attendance/export', { format: 'pdf', filters: { dateFrom: dayOf(0), dateTo: dayOf(5) } });
    expect(job).toMatchObject({ format: 'pdf', rows: PDF_CAP, totalRows: 6 * PEOPLE - 1, truncated: true });
    const file = await download(job.downloadUrl as string);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    const { text, pages } = await pdfText(file.bytes);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Showing the first ${PDF_CAP} of ${6 * PEOPLE - 1} rows`);
    expect(text).toContain('Aisha Rahman');
    expect(text).toContain('Jürgen Müller');
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text.match(/Employee ID/g)?.length).toBe(pages);
  });

  it('fails with a readable error (no retries) when more rows match than EXPORT_MAX_ROWS', async () => {
    const res = await api('POST', '/attendance/export', { format: 'csv' });
    expect(res.status).toBe(202);
    const job = await settle(res.body.data.jobId as string);
    expect(job).toMatchObject({ status: 'failed', downloadUrl: null, totalRows: null });
    expect(job.error).toMatch(/299 records match, more than the 280 an export may hold \(EXPORT_MAX_ROWS\)/);
  });
});

describe('audit and history exports', () => {
  it('exports the audit trail as CSV by default with the filters of GET /audit, newest first', async () => {
    for (let i = 0; i < 3; i++) await api('PUT', `/cameras/${gate}`, { location: `Hall ${i}` });
    const job = await exportAndWait('/audit/export', { filters: { action: 'camera.*' } });
    expect(job.format).toBe('csv');
    const entries = await allPages('/audit?action=camera.*');
    const { header, rows } = await csvOf(job);
    expect(header.slice(0, 3)).toEqual(['Timestamp (UTC)', 'ID', 'Actor']);
    expect(rows.map((r) => [r[0], r[1], r[2], r[4], r[8]])).toEqual(entries.map((e) => [e.timestamp, e.id, e.actor, e.action, e.message]));
    expect(rows.length).toBeGreaterThanOrEqual(4);
  });

  describe("a person's history", () => {
    beforeAll(async () => {
      await sys.db.db.insertInto('face_profiles').values({ id: 'FP-HX', employee_id: 'HX-1', name: 'Hana Hossain', department: 'Ops' }).execute();
      // 130 sightings in one instant (more than a keyset batch) and 40 spread out, each at a distinct microsecond
      const same = Array.from({ length: 130 }, (_, i) => ({ id: `DET-S${String(i).padStart(3, '0')}`, occurred_at: '2026-04-01T10:00:00.500Z' }));
      const spread = Array.from({ length: 40 }, (_, i) => ({ id: `DET-T${String(i).padStart(3, '0')}`, occurred_at: `2026-04-0${1 + (i % 3)}T0${i % 10}:00:00.${String(100001 + i).padStart(6, '0')}Z` }));
      await sys.db.db.insertInto('detections').values([...same, ...spread].map((d) => ({
        ...d, camera_id: gate, person_id: 'FP-HX', employee_id: 'HX-1', name: 'Hana Hossain', confidence: 0.875, status: 'known',
      }))).execute();
      expect((await api('POST', '/attendance/manual', { employeeId: 'HX-1', cameraId: gate, timestamp: '2026-04-02T09:00:00Z', status: 'late', note: 'bus strike' })).status).toBe(201);
    });

    it('GET /history/export writes what GET /history/person lists, oldest first (CSV)', async () => {
      const job = await exportAndWait('/history/export?employeeId=HX-1&to=2026-05-01T00:00:00Z', undefined, admin, 'GET');
      const entries = (await allPages('/history/person/HX-1?to=2026-05-01T00:00:00Z')).reverse();
      expect(entries).toHaveLength(171);
      const { header, rows } = await csvOf(job);
      expect(header).toEqual(['Timestamp (UTC)', 'Type', 'Employee ID', 'Camera ID', 'Camera', 'Accuracy', 'Status', 'Description', 'ID']);
      expect(rows).toEqual(entries.map((e) => [e.timestamp, e.type, e.employeeId, e.cameraId, e.cameraName, e.accuracy, e.status, e.description, e.id].map(cell)));
      expect(job.filters).toEqual({ employeeId: 'HX-1', to: '2026-05-01T00:00:00Z' });
    });

    it('returns the same job for the same GET repeated within a minute, a new one for another query', async () => {
      const first = await api('GET', '/history/export?employeeId=HX-1&format=pdf&type=manual');
      const again = await api('GET', '/history/export?employeeId=HX-1&format=pdf&type=manual');
      const other = await api('GET', '/history/export?employeeId=HX-1&format=pdf&type=sighting');
      expect([first.status, again.status, other.status]).toEqual([202, 202, 202]);
      expect(again.body.data.jobId).toBe(first.body.data.jobId);
      expect(other.body.data.jobId).not.toBe(first.body.data.jobId);
      const job = await settle(first.body.data.jobId as string);
      expect(job).toMatchObject({ status: 'completed', rows: 1, truncated: false });
      const { text, pages } = await pdfText((await download(job.downloadUrl as string)).bytes);
      expect(pages).toBe(1);
      expect(text).toContain('Person history: Hana Hossain (HX-1)');
      expect(text).toContain('Manual attendance entry: late (bus strike)');
      expect(text).toContain('Page 1 of 1');
      await settle(other.body.data.jobId as string);
    });

    it('a Viewer may export history (faces:read); an unknown person is 404', async () => {
      const viewer = await sys.createUser('ROLE-VIEWER');
      await exportAndWait('/exports', { type: 'history', format: 'csv', filters: { employeeId: 'HX-1', type: 'manual' } }, viewer.token);
      expect((await api('GET', '/history/export?employeeId=NOBODY', undefined, viewer.token)).status).toBe(404);
    });
  });
});

describe('download links, deletion and retention', () => {
  const keyOf = (url: string) => decodeURIComponent(new URL(url, 'http://x').pathname.replace('/files/content/', ''));

  it('signs the download link: tampered or expired links are 403; the job shows size, dates and retention', async () => {
    const job = await exportAndWait('/attendance/export', { filters: { dateFrom: dayOf(1), dateTo: dayOf(1) } });
    expect(job.downloadUrl).toMatch(/^\/files\/content\/exports\/EXP-[0-9A-Z]+\/attendance-\d{8}-\d{4}\.csv\?exp=\d+&sig=[0-9a-f]{64}$/);
    const ok = await download(job.downloadUrl as string);
    expect(ok.status).toBe(200);
    expect(job.fileSize).toBe(ok.bytes.length);
    const hours = (Date.parse(job.expiresAt as string) - Date.parse(job.completedAt as string)) / 3_600_000;
    expect(Math.round(hours)).toBe(72);
    expect(job.downloadExpiresIn).toBe(3600);

    const url = job.downloadUrl as string;
    const tampered = url.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await download(tampered)).status).toBe(403);
    const expired = sys.system.app.urls.sign(keyOf(url), { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) });
    const res = await download(expired);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.bytes.toString()).error.message).toMatch(/expired/);
  });

  it('DELETE /exports/{jobId} removes the file and the job (204, then 404), audited', async () => {
    const job = await exportAndWait('/attendance/export', { filters: { dateFrom: dayOf(2), dateTo: dayOf(2) } });
    const file = path.join(dataDir, 'files', keyOf(job.downloadUrl as string));
    expect(existsSync(file)).toBe(true);
    expect((await api('DELETE', `/exports/${job.jobId}`)).status).toBe(204);
    expect((await download(job.downloadUrl as string)).status).toBe(404);
    expect(existsSync(path.dirname(file))).toBe(false);
    expect((await api('GET', `/exports/${job.jobId}`)).status).toBe(404);
    expect((await api('DELETE', `/exports/${job.jobId}`)).status).toBe(404);
    const audit = await api('GET', `/audit?resourceId=${job.jobId}`);
    expect(audit.body.data.map((e: { action: string }) => e.action).sort()).toEqual(['export.create', 'export.delete']);
  });

  it('the exports.cleanup job deletes exports past their retention, files and rows, and keeps the others', async () => {
    const old = await exportAndWait('/attendance/export', { filters: { dateFrom: dayOf(4), dateTo: dayOf(4) } });
    const fresh = await exportAndWait('/attendance/export', { filters: { dateFrom: dayOf(5), dateTo: dayOf(5) } });
    await sys.db.db.updateTable('export_jobs').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', old.jobId as string).execute();
    await sys.system.app.jobs.send('exports.cleanup', {});
    const until = Date.now() + 20_000;
    while ((await api('GET', `/exports/${old.jobId}`)).status !== 404) {
      if (Date.now() > until) throw new Error('cleanup did not run');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await download(old.downloadUrl as string)).status).toBe(404);
    expect(existsSync(path.join(dataDir, 'files', 'exports', old.jobId as string))).toBe(false);
    expect((await api('GET', `/exports/${fresh.jobId}`)).body.data.status).toBe('completed');
    expect((await download(fresh.downloadUrl as string)).status).toBe(200);
    const purge = await api('GET', '/audit?action=export.purge');
    expect(purge.body.data[0]).toMatchObject({ actor: 'system', action: 'export.purge' });
  });

  it('retries a failed attempt (pg-boss policy): queued with a readable error, then completed', { timeout: 60_000 }, async () => {
    // file storage refuses: a plain file stands where the exports folder goes
    const folder = path.join(dataDir, 'files', 'exports');
    await mkdir(folder, { recursive: true });
    await rename(folder, `${folder}-aside`);
    await writeFile(folder, 'in the way');
    const res = await api('POST', '/attendance/export', { filters: { dateFrom: dayOf(8), dateTo: dayOf(8) } });
    expect(res.status).toBe(202);
    const jobId = res.body.data.jobId as string;
    let job;
    for (const until = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 100))) {
      job = (await api('GET', `/exports/${jobId}`)).body.data;
      if (job.error || Date.now() > until) break;
    }
    expect(job).toMatchObject({ status: 'queued', error: 'Attempt 1 of 3 failed while writing the file; it will be retried', downloadUrl: null });
    await rm(folder);
    await rename(`${folder}-aside`, folder);
    job = await settle(jobId, admin, 45_000);
    expect(job).toMatchObject({ status: 'completed', error: null, rows: PEOPLE });
    expect((await download(job.downloadUrl as string)).status).toBe(200);
  });

  it('leaves no temporary files behind', async () => {
    const entries = await readdir(path.join(dataDir, 'files', 'exports'), { recursive: true });
    expect(entries.filter((e) => e.endsWith('.part'))).toEqual([]);
  });
});

describe('permissions, ownership and listing', () => {
  it('checks the permission of each type: a Viewer cannot export audit or attendance, an Operator cannot export audit', async () => {
    const viewer = await sys.createUser('ROLE-VIEWER');
    const operator = await sys.createUser('ROLE-OPERATOR');
    for (const [url, body, token] of [
      ['/audit/export', {}, viewer.token], ['/exports', { type: 'audit' }, viewer.token], ['/exports/audit', { type: 'audit' }, viewer.token],
      ['/attendance/export', {}, viewer.token], ['/exports', { type: 'attendance' }, viewer.token], ['/exports', { type: 'audit' }, operator.token],
    ] as const) {
      const res = await api('POST', url, body, token);
      expect(res.status, `${url} ${JSON.stringify(body)}`).toBe(403);
      expect(res.body.error.code).toBe('AUTH_FORBIDDEN');
    }
    expect((await sys.request('POST', '/api/v1/exports', { body: { type: 'attendance' } })).status).toBe(401);
  });

  it("shows an export only to its owner and Admins: someone else's is 404, listing is per caller, scope=all for Admins only", async () => {
    const alice = await sys.createUser('ROLE-OPERATOR');
    const bob = await sys.createUser('ROLE-OPERATOR');
    const job = await exportAndWait('/attendance/export', { filters: { dateFrom: dayOf(6), dateTo: dayOf(6) } }, alice.token);
    expect((await api('GET', `/exports/${job.jobId}`, undefined, bob.token)).status).toBe(404);
    expect((await api('GET', `/exports/${job.jobId}/status`, undefined, bob.token)).status).toBe(404);
    expect((await api('DELETE', `/exports/${job.jobId}`, undefined, bob.token)).status).toBe(404);
    const status = await api('GET', `/exports/${job.jobId}/status`, undefined, alice.token);
    expect(status.body.data).toMatchObject({ jobId: job.jobId, status: 'completed', ownerId: alice.id });
    expect((await api('GET', `/exports/${job.jobId}`)).status).toBe(200);

    const mine = await api('GET', '/exports', undefined, alice.token);
    expect(mine.body.data.map((j: { jobId: string }) => j.jobId)).toEqual([job.jobId]);
    expect(mine.body.meta).toEqual({ page: 1, pageSize: 20, total: 1, totalPages: 1 });
    expect((await api('GET', '/exports', undefined, bob.token)).body.meta.total).toBe(0);
    expect((await api('GET', '/exports?scope=all', undefined, bob.token)).status).toBe(403);
    const all = await api('GET', '/exports?scope=all&pageSize=200');
    expect(all.body.data.map((j: { jobId: string }) => j.jobId)).toContain(job.jobId);
    const filtered = await api('GET', '/exports?scope=all&status=failed&type=attendance');
    expect(filtered.body.data.every((j: { status: string; type: string }) => j.status === 'failed' && j.type === 'attendance')).toBe(true);
    expect((await api('DELETE', `/exports/${job.jobId}`)).status).toBe(204); // an Admin may delete anyone's
  });
});

describe('input validation', () => {
  it('answers 422 with the field for bad type, format or filters, never 500', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/exports', { type: 'payroll' }, 'type'],
      ['POST', '/exports', { type: 'attendance', format: 'xls' }, 'format'],
      ['POST', '/exports', { type: 'attendance', filters: 'everything' }, 'filters'],
      ['POST', '/exports', { type: 'attendance', filters: { dateFrom: 'yesterday' } }, 'filters.dateFrom'],
      ['POST', '/exports', { type: 'attendance', filters: { dateFrom: '2026-03-05', dateTo: '2026-03-01' } }, 'filters.dateTo'],
      ['POST', '/exports', { type: 'attendance', filters: { status: 'asleep' } }, 'filters.status'],
      ['POST', '/exports', { type: 'audit', filters: { severity: 'loud' } }, 'filters.severity'],
      ['POST', '/exports', { type: 'history', filters: {} }, 'filters.employeeId'],
      ['POST', '/exports/payroll', {}, 'type'],
      ['POST', '/attendance/export', { format: 'docx' }, 'format'],
      ['GET', '/history/export', undefined, 'employeeId'],
      ['GET', '/history/export?employeeId=HX-1&from=soon', undefined, 'from'],
      ['GET', '/exports?status=lost', undefined, 'status'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await api(method, url, body);
      expect(res.status, `${method} ${url} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(Object.keys(res.body.error.details)).toContain(field);
    }
    expect((await api('GET', '/exports/EXP-NOPE')).status).toBe(404);
  });

  it('ignores paging and sorting fields in filters (exports keep the list order)', async () => {
    const job = await exportAndWait('/attendance/export', { filters: { dateFrom: dayOf(7), dateTo: dayOf(7), page: 3, pageSize: 5, sortBy: 'name' } });
    expect(job.filters).toEqual({ dateFrom: dayOf(7), dateTo: dayOf(7) });
    expect(job.rows).toBe(PEOPLE);
  });
});

describe('the REST contract', () => {
  it('documents every export and file route in the OpenAPI document with its success status', async () => {
    const doc = (await sys.request('GET', '/api/v1/openapi.json')).body;
    const routes: [string, string, string][] = [
      ['/exports', 'post', '202'], ['/exports', 'get', '200'], ['/exports/{type}', 'post', '202'], ['/exports/{jobId}', 'get', '200'],
      ['/exports/{jobId}/status', 'get', '200'], ['/exports/{jobId}', 'delete', '204'], ['/attendance/export', 'post', '202'], ['/audit/export', 'post', '202'],
      ['/history/export', 'get', '202'], ['/files', 'post', '200'], ['/files/{id}', 'get', '200'], ['/files/{id}', 'delete', '204'],
    ];
    for (const [route, method, status] of routes) expect(doc.paths[route]?.[method]?.responses, `${method} ${route}`).toHaveProperty(status);
  });

  it('replays POST /exports with the same Idempotency-Key: one job', async () => {
    const headers = { 'idempotency-key': `export-${Date.now()}` };
    const body = { type: 'attendance', filters: { dateFrom: dayOf(9), dateTo: dayOf(9) } };
    const first = await sys.request('POST', '/api/v1/exports', { token: admin, body, headers });
    const again = await sys.request('POST', '/api/v1/exports', { token: admin, body, headers });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body.data.jobId).toBe(first.body.data.jobId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    await settle(first.body.data.jobId as string);
  });
});

describe('on S3-compatible storage', () => {
  interface S3rverInstance {
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  }
  const S3rver = createRequire(import.meta.url)('s3rver') as new (opts: Record<string, unknown>) => S3rverInstance;
  let s3: S3rverInstance;
  let s3Dir: string;
  let sysS3: TestSystem;

  beforeAll(async () => {
    s3Dir = await mkdtemp(path.join(tmpdir(), 'sentinel-exports-s3-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: 'exports-test' }] });
    const { port } = await s3.run();
    sysS3 = await startTestSystem({
      DATA_DIR: path.join(s3Dir, 'data'), STORAGE_DRIVER: 's3', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: 'exports-test', S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER',
    });
  });
  afterAll(async () => {
    await sysS3?.stop();
    await s3?.close();
    await rm(s3Dir, { recursive: true, force: true });
  });

  it('streams the file into the bucket, serves it through the signed link and deletes it', async () => {
    const token = await sysS3.adminToken();
    for (let i = 0; i < 3; i++) await sysS3.request('POST', '/api/v1/cameras', { token, body: { name: `Cam ${i}`, streamType: 'HTTP', streamUrl: `http://10.0.1.${i}/mjpeg` } });
    const started = await sysS3.request('POST', '/api/v1/audit/export', { token, body: { filters: { action: 'camera.create' } } });
    expect(started.status).toBe(202);
    let job;
    for (const until = Date.now() + 25_000; ; await new Promise((r) => setTimeout(r, 150))) {
      job = (await sysS3.request('GET', `/api/v1/exports/${started.body.data.jobId}`, { token })).body.data;
      if (job.status === 'completed' || job.status === 'failed' || Date.now() > until) break;
    }
    expect(job.status, job.error).toBe('completed');
    const res = await fetch(new URL(job.downloadUrl as string, sysS3.baseUrl));
    const rows = parseCsv((await res.text()).slice(1));
    expect(rows.slice(1).map((r) => r[4])).toEqual(['camera.create', 'camera.create', 'camera.create']);
    expect((await sysS3.request('DELETE', `/api/v1/exports/${job.jobId}`, { token })).status).toBe(204);
    expect((await fetch(new URL(job.downloadUrl as string, sysS3.baseUrl))).status).toBe(404);
    expect(existsSync(path.join(s3Dir, 'data', 'tmp', 'exports')) ? await readdir(path.join(s3Dir, 'data', 'tmp', 'exports')) : []).toEqual([]);
  });
});
