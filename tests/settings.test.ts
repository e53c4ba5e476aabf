/**
 * /api/v1/settings and /api/v1/i18n as a REST client sees them: time zones (site and own), per-user
 * preferences, detection thresholds, feature flags and languages; validation, permissions, audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let operator: { id: string; token: string };
let viewer: { id: string; token: string };

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
  operator = await sys.createUser('ROLE-OPERATOR');
  viewer = await sys.createUser('ROLE-VIEWER');
});
afterAll(() => sys.stop());

/** token null: no Authorization header */
const api = (method: string, path: string, token: string | null = admin, body?: unknown) =>
  sys.request(method, `/api/v1${path}`, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });

const auditOf = (action: string) => sys.db.db.selectFrom('audit_logs').selectAll().where('action', '=', action).orderBy('at').execute();

describe('time zones', () => {
  it('lists IANA zone names', async () => {
    const res = await api('GET', '/settings/timezones', viewer.token);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(300);
    for (const zone of ['UTC', 'Asia/Dhaka', 'America/New_York', 'Europe/Berlin']) expect(res.body.data).toContain(zone);
    expect((await api('GET', '/settings/timezones', null)).status).toBe(401);
  });

  it('sets the site zone (settings:write only), audited, and every user sees it', async () => {
    const res = await api('PUT', '/settings/timezone', admin, { timezone: 'Asia/Dhaka', scope: 'site' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ site: 'Asia/Dhaka' });
    const seen = await api('GET', '/settings/timezone', viewer.token);
    expect(seen.body.data).toEqual({ site: 'Asia/Dhaka', user: null, effective: 'Asia/Dhaka' });
    const denied = await api('PUT', '/settings/timezone', operator.token, { timezone: 'UTC', scope: 'site' });
    expect(denied.status).toBe(403);
    expect((await api('PUT', '/settings/timezone', operator.token, { timezone: 'UTC' })).status).toBe(403); // scope defaults to site
    const [entry] = (await auditOf('settings.timezone')).slice(-1);
    expect(entry?.after).toEqual({ timezone: 'Asia/Dhaka' });
  });

  it("sets a user's own zone in their preferences without touching the site's or other users'", async () => {
    const res = await api('PUT', '/settings/timezone', viewer.token, { timezone: 'Europe/Berlin', scope: 'user' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ site: 'Asia/Dhaka', user: 'Europe/Berlin', effective: 'Europe/Berlin' });
    expect((await api('GET', '/settings/preferences', viewer.token)).body.data.timezone).toBe('Europe/Berlin');
    expect((await api('GET', '/settings/timezone', operator.token)).body.data).toEqual({ site: 'Asia/Dhaka', user: null, effective: 'Asia/Dhaka' });
  });

  it('refuses a zone that is not IANA with 422 naming the field', async () => {
    for (const body of [{ timezone: 'Mars/Olympus', scope: 'site' }, { timezone: 'Mars/Olympus', scope: 'user' }, { timezone: '', scope: 'user' }, { timezone: 'UTC', scope: 'planet' }]) {
      const res = await api('PUT', '/settings/timezone', admin, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    const res = await api('PUT', '/settings/timezone', admin, { timezone: 'Mars/Olympus', scope: 'site' });
    expect(Object.keys(res.body.error.details)).toEqual(['timezone']);
    expect((await api('GET', '/settings/timezone', admin)).body.data.site).toBe('Asia/Dhaka');
  });
});

describe('preferences', () => {
  it('starts from defaults, merges partial updates, and keeps each user to their own', async () => {
    const fresh = await sys.createUser('ROLE-VIEWER');
    const defaults = await api('GET', '/settings/preferences', fresh.token);
    expect(defaults.status).toBe(200);
    expect(defaults.body.data).toEqual({
      theme: 'dark', gridMode: '3x3', autoRotate: false, autoRotateSeconds: 30, language: 'en', timezone: null, timeFormat: '24h', alertSound: true, sidebarCollapsed: false,
    });

    const first = await api('PUT', '/settings/preferences', fresh.token, { theme: 'light', gridMode: '2x2' });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ theme: 'light', gridMode: '2x2', autoRotate: false });
    const second = await api('PUT', '/settings/preferences', fresh.token, { autoRotate: true, autoRotateSeconds: 15 });
    expect(second.body.data).toMatchObject({ theme: 'light', gridMode: '2x2', autoRotate: true, autoRotateSeconds: 15 });
    expect((await api('GET', '/settings/preferences', fresh.token)).body.data).toEqual(second.body.data);

    // another user is untouched
    expect((await api('GET', '/settings/preferences', operator.token)).body.data).toMatchObject({ theme: 'dark', gridMode: '3x3', autoRotate: false });

    const audit = (await auditOf('settings.preferences')).filter((e) => e.resource_id === fresh.id);
    expect(audit).toHaveLength(2);
    expect(audit[1]?.actor_id).toBe(fresh.id);
  });

  it('refuses unknown keys and bad values with 422, changing nothing', async () => {
    const user = await sys.createUser('ROLE-VIEWER');
    for (const body of [{ fontSize: 12 }, { theme: 'neon' }, { gridMode: '5x5' }, { autoRotateSeconds: 1 }, { timezone: 'Nowhere/Land' }, { language: 'not a tag!' }]) {
      const res = await api('PUT', '/settings/preferences', user.token, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    const unknownLanguage = await api('PUT', '/settings/preferences', user.token, { language: 'fr' });
    expect(unknownLanguage.status).toBe(422);
    expect(unknownLanguage.body.error.details).toHaveProperty('language');
    expect((await api('GET', '/settings/preferences', user.token)).body.data).toMatchObject({ theme: 'dark', language: 'en' });
  });

  it('takes a language once it is offered, in canonical form, and a null zone to follow the site again', async () => {
    const user = await sys.createUser('ROLE-VIEWER');
    expect((await api('POST', '/i18n/languages', admin, { code: 'fr', label: 'Français' })).status).toBe(201);
    const res = await api('PUT', '/settings/preferences', user.token, { language: 'FR', timezone: 'asia/dhaka' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ language: 'fr', timezone: 'Asia/Dhaka' });
    const cleared = await api('PUT', '/settings/preferences', user.token, { timezone: null });
    expect(cleared.body.data.timezone).toBeNull();
    expect((await api('GET', '/settings/timezone', user.token)).body.data.effective).toBe((await api('GET', '/settings/timezone')).body.data.site);
  });

  it('needs a session', async () => {
    expect((await api('GET', '/settings/preferences', null)).status).toBe(401);
    expect((await api('PUT', '/settings/preferences', null, { theme: 'light' })).status).toBe(401);
  });
});

describe('detection thresholds', () => {
  it('round-trips partial updates for settings:write, readable with settings:read, audited', async () => {
    const initial = await api('GET', '/settings/detection-thresholds', viewer.token);
    expect(initial.status).toBe(200);
    expect(initial.body.data).toEqual({ matchConfidence: 0.75, unknownConfidence: 0.5, minDetectionConfidence: 0.6, minFaceSize: 48 });
    const res = await api('PUT', '/settings/detection-thresholds', admin, { matchConfidence: 0.8, minFaceSize: 64 });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ matchConfidence: 0.8, unknownConfidence: 0.5, minDetectionConfidence: 0.6, minFaceSize: 64 });
    expect((await api('GET', '/settings/detection-thresholds', operator.token)).body.data).toEqual(res.body.data);
    expect((await api('PUT', '/settings/detection-thresholds', operator.token, { matchConfidence: 0.9 })).status).toBe(403);
    const [entry] = (await auditOf('settings.detection-thresholds')).slice(-1);
    expect(entry?.before).toMatchObject({ matchConfidence: 0.75 });
    expect(entry?.after).toMatchObject({ matchConfidence: 0.8 });
  });

  it('refuses values outside 0..1, unknown keys and an unknown threshold above the match threshold with 422', async () => {
    for (const body of [{ matchConfidence: 1.5 }, { unknownConfidence: -0.1 }, { minFaceSize: 2 }, { minFaceSize: 30.5 }, { sharpness: 0.2 }, { matchConfidence: '0.7' }]) {
      const res = await api('PUT', '/settings/detection-thresholds', admin, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const crossed = await api('PUT', '/settings/detection-thresholds', admin, { unknownConfidence: 0.95 });
    expect(crossed.status).toBe(422);
    expect(crossed.body.error.details).toHaveProperty('unknownConfidence');
    expect((await api('GET', '/settings/detection-thresholds')).body.data.unknownConfidence).toBe(0.5);
  });
});

describe('feature flags', () => {
  it('round-trips known flags, refuses unknown ones, and needs settings:write to change', async () => {
    const initial = await api('GET', '/settings/features', viewer.token);
    expect(initial.status).toBe(200);
    expect(initial.body.data).toMatchObject({ multiLanguage: false, keyboardShortcuts: true });
    const res = await api('PUT', '/settings/features', admin, { multiLanguage: true, keyboardShortcuts: false });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ ...initial.body.data, multiLanguage: true, keyboardShortcuts: false });
    expect((await api('GET', '/settings/features', operator.token)).body.data).toEqual(res.body.data);
    expect((await api('PUT', '/settings/features', admin, { teleport: true })).status).toBe(422);
    expect((await api('PUT', '/settings/features', admin, { multiLanguage: 'yes' })).status).toBe(422);
    expect((await api('PUT', '/settings/features', operator.token, { multiLanguage: false })).status).toBe(403);
    expect((await auditOf('settings.features')).length).toBe(1);
  });
});

describe('languages', () => {
  it('lists English as the seeded default, to anyone', async () => {
    const res = await api('GET', '/i18n/languages', null);
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toEqual({ code: 'en', label: 'English', isDefault: true });
  });

  it('lets Admins add a language (201), refuses duplicates in any case (409) and malformed tags (422)', async () => {
    const res = await api('POST', '/i18n/languages', admin, { code: 'bn', label: 'বাংলা' });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ code: 'bn', label: 'বাংলা', isDefault: false });
    for (const code of ['bn', 'BN']) {
      const dup = await api('POST', '/i18n/languages', admin, { code, label: 'Bangla again' });
      expect(dup.status, code).toBe(409);
      expect(dup.body.error.code).toBe('CONFLICT');
    }
    for (const body of [{ code: 'not a tag!', label: 'x' }, { code: 'bn-', label: 'x' }, { code: 'de', label: '' }]) {
      expect((await api('POST', '/i18n/languages', admin, body)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await api('POST', '/i18n/languages', operator.token, { code: 'de', label: 'Deutsch' })).status).toBe(403);
    const [entry] = (await auditOf('i18n.language.create')).filter((e) => e.resource_id === 'bn');
    expect(entry?.after).toEqual({ code: 'bn', label: 'বাংলা', isDefault: false });
  });

  it('moves the default to a language added with isDefault, keeping exactly one default', async () => {
    const res = await api('POST', '/i18n/languages', admin, { code: 'pt-br', label: 'Português (Brasil)', isDefault: true });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ code: 'pt-BR', label: 'Português (Brasil)', isDefault: true });
    const list = (await api('GET', '/i18n/languages', viewer.token)).body.data as { code: string; isDefault: boolean }[];
    expect(list.filter((l) => l.isDefault).map((l) => l.code)).toEqual(['pt-BR']);
    expect(list[0]?.code).toBe('pt-BR');
    expect(list.find((l) => l.code === 'en')?.isDefault).toBe(false);
    // users who never chose a language now get the new default
    const user = await sys.createUser('ROLE-VIEWER');
    expect((await api('GET', '/settings/preferences', user.token)).body.data.language).toBe('pt-BR');
  });
});
