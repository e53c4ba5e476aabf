/**
 * Time zones: the IANA names this runtime knows, and setting a zone for the site (site.ts owns that
 * setting) or for the calling user (kept in their preferences).
 */
import { forbidden } from '@sentinel/platform';
import type { Database, Kysely } from '@sentinel/db';
import type { TSetTimeZoneRequest, TTimeZoneSettings } from '@sentinel/contracts';
import type { Actor, AuthUser } from '../core/context.ts';
import { getPreferences, updatePreferences } from './preferences.ts';
import { getSiteTimezone, setSiteTimezone } from './site.ts';

let zones: string[] | undefined;

/** Intl's canonical zones, plus UTC (which some ICU builds list only as an alias), sorted. */
export function listTimeZones(): string[] {
  zones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
  return zones;
}

export async function timeZoneSettings(db: Kysely<Database>, userId: string): Promise<TTimeZoneSettings> {
  const [site, prefs] = await Promise.all([getSiteTimezone(db), getPreferences(db, userId)]);
  return { site, user: prefs.timezone, effective: prefs.timezone ?? site };
}

/** scope 'site' needs settings:write; scope 'user' is every user's own business. */
export async function setTimeZone(db: Kysely<Database>, input: TSetTimeZoneRequest, user: AuthUser, actor: Actor): Promise<TTimeZoneSettings> {
  if (input.scope === 'site') {
    if (!user.permissions.includes('settings:write')) throw forbidden("Setting the site time zone needs the 'settings:write' permission");
    await setSiteTimezone(db, input.timezone, actor);
  } else {
    await updatePreferences(db, user.id, { timezone: input.timezone }, actor);
  }
  return timeZoneSettings(db, user.id);
}
