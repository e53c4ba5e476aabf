/**
 * /settings: time zones (site and own), per-user preferences, detection thresholds and feature flags.
 * Preferences and one's own zone need only a session; site-wide writes need 'settings:write'.
 */
import { z } from 'zod';
import {
  ZDetectionThresholdsSchema, ZFeatureFlagsSchema, ZPreferencesSchema, ZSetTimeZoneRequestSchema, ZTimeZoneSettingsSchema, ZTimeZonesSchema,
  ZUpdateDetectionThresholdsRequestSchema, ZUpdateFeatureFlagsRequestSchema, ZUpdatePreferencesRequestSchema,
} from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import { getFeatureFlags, updateFeatureFlags } from './features.ts';
import { getPreferences, updatePreferences } from './preferences.ts';
import { getDetectionThresholds, updateDetectionThresholds } from './thresholds.ts';
import { listTimeZones, setTimeZone, timeZoneSettings } from './timezones.ts';

const TAG = ['Settings'];

export const settingsRouter = router({
  timezones: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/settings/timezones', tags: TAG, summary: 'IANA time zone names', protect: true } })
    .input(z.void())
    .output(ZTimeZonesSchema)
    .query(() => listTimeZones()),

  timezone: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/settings/timezone', tags: TAG, summary: "The site's zone, the caller's own, and the one in effect for them", protect: true } })
    .input(z.void())
    .output(ZTimeZoneSettingsSchema)
    .query(({ ctx }) => timeZoneSettings(ctx.app.db, ctx.user.id)),

  setTimezone: authedProcedure
    .meta({ openapi: { method: 'PUT', path: '/settings/timezone', tags: TAG, summary: "Set the site's zone (scope site, needs settings:write) or the caller's own (scope user)", protect: true } })
    .input(ZSetTimeZoneRequestSchema)
    .output(ZTimeZoneSettingsSchema)
    .mutation(({ ctx, input }) => setTimeZone(ctx.app.db, input, ctx.user, actorOf(ctx))),

  preferences: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/settings/preferences', tags: TAG, summary: "The caller's UI preferences (defaults for what they never set)", protect: true } })
    .input(z.void())
    .output(ZPreferencesSchema)
    .query(({ ctx }) => getPreferences(ctx.app.db, ctx.user.id)),

  updatePreferences: authedProcedure
    .meta({ openapi: { method: 'PUT', path: '/settings/preferences', tags: TAG, summary: 'Merge Partial<Preferences> into the caller\'s own (unknown keys are refused)', protect: true } })
    .input(ZUpdatePreferencesRequestSchema)
    .output(ZPreferencesSchema)
    .mutation(({ ctx, input }) => updatePreferences(ctx.app.db, ctx.user.id, input, actorOf(ctx))),

  detectionThresholds: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/settings/detection-thresholds', tags: TAG, summary: 'Confidence thresholds and minimum face size of recognition', protect: true }, permission: 'settings:read' })
    .input(z.void())
    .output(ZDetectionThresholdsSchema)
    .query(({ ctx }) => getDetectionThresholds(ctx.app.db)),

  updateDetectionThresholds: authedProcedure
    .meta({ openapi: { method: 'PUT', path: '/settings/detection-thresholds', tags: TAG, summary: 'Update some thresholds (0-1; unknownConfidence at most matchConfidence)', protect: true }, permission: 'settings:write' })
    .input(ZUpdateDetectionThresholdsRequestSchema)
    .output(ZDetectionThresholdsSchema)
    .mutation(({ ctx, input }) => updateDetectionThresholds(ctx.app.db, input, actorOf(ctx))),

  features: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/settings/features', tags: TAG, summary: 'Feature flags', protect: true }, permission: 'settings:read' })
    .input(z.void())
    .output(ZFeatureFlagsSchema)
    .query(({ ctx }) => getFeatureFlags(ctx.app.db)),

  updateFeatures: authedProcedure
    .meta({ openapi: { method: 'PUT', path: '/settings/features', tags: TAG, summary: 'Switch some feature flags (unknown flags are refused)', protect: true }, permission: 'settings:write' })
    .input(ZUpdateFeatureFlagsRequestSchema)
    .output(ZFeatureFlagsSchema)
    .mutation(({ ctx, input }) => updateFeatureFlags(ctx.app.db, input, actorOf(ctx))),
});
