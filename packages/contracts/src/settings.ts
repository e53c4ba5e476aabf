/**
 * Settings and localization: time zones (site and per user), per-user UI preferences, detection
 * thresholds, feature flags and the languages the UI offers.
 */
import { z } from 'zod';

/** The canonical IANA name of a zone this runtime knows, or undefined. */
export function canonicalZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const zTimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((zone) => canonicalZone(zone) !== undefined, { message: 'not an IANA time zone (e.g. Asia/Dhaka, UTC)' });

export const ZTimeZonesSchema = z.array(z.string());

export const TIMEZONE_SCOPES = ['site', 'user'] as const;

export const ZSetTimeZoneRequestSchema = z.object({
  timezone: zTimeZone,
  scope: z.enum(TIMEZONE_SCOPES).default('site').describe("site: the tenant's zone (needs settings:write); user: the caller's own zone, kept in their preferences"),
});
export type TSetTimeZoneRequest = z.infer<typeof ZSetTimeZoneRequestSchema>;

export const ZTimeZoneSettingsSchema = z.object({
  site: z.string().describe('the site zone: attendance days and shift times are read in it'),
  user: z.string().nullable().describe("the caller's own zone, null when they follow the site's"),
  effective: z.string().describe('the zone the caller\'s screens use: user ?? site'),
});
export type TTimeZoneSettings = z.infer<typeof ZTimeZoneSettingsSchema>;

/** A BCP-47 language tag, canonicalised (en-us -> en-US); undefined when it is not one. */
export function canonicalLanguageTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

const zLanguageTag = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .refine((tag) => canonicalLanguageTag(tag) !== undefined, { message: 'not a BCP-47 language tag (e.g. en, bn, pt-BR)' });

export const THEMES = ['light', 'dark', 'system'] as const;
export const GRID_MODES = ['1x1', '2x2', '3x3', '4x4'] as const;

export const ZPreferencesSchema = z.object({
  theme: z.enum(THEMES),
  gridMode: z.enum(GRID_MODES).describe('live view layout'),
  autoRotate: z.boolean().describe('cycle the live view through camera pages'),
  autoRotateSeconds: z.number().int().min(5).max(600).describe('seconds per page when auto-rotating'),
  language: z.string().describe('one of GET /i18n/languages; the default language unless chosen'),
  timezone: z.string().nullable().describe('own IANA zone; null follows the site zone'),
  timeFormat: z.enum(['12h', '24h']),
  alertSound: z.boolean().describe('play a sound on new critical alerts'),
  sidebarCollapsed: z.boolean(),
});
export type TPreferences = z.infer<typeof ZPreferencesSchema>;

/** Partial<Preferences>: only known keys, each validated; the result is merged into the stored ones. */
export const ZUpdatePreferencesRequestSchema = z
  .object({
    theme: ZPreferencesSchema.shape.theme,
    gridMode: ZPreferencesSchema.shape.gridMode,
    autoRotate: ZPreferencesSchema.shape.autoRotate,
    autoRotateSeconds: ZPreferencesSchema.shape.autoRotateSeconds,
    language: zLanguageTag,
    timezone: zTimeZone.nullable(),
    timeFormat: ZPreferencesSchema.shape.timeFormat,
    alertSound: ZPreferencesSchema.shape.alertSound,
    sidebarCollapsed: ZPreferencesSchema.shape.sidebarCollapsed,
  })
  .partial()
  .strict();
export type TUpdatePreferencesRequest = z.infer<typeof ZUpdatePreferencesRequestSchema>;

const zConfidence = z.number().min(0).max(1);

export const ZDetectionThresholdsSchema = z.object({
  matchConfidence: zConfidence.describe('a face matching a registered person at or above this is recognised as them (0-1)'),
  unknownConfidence: zConfidence.describe('a face whose best match is below this is reported as unknown (0-1, at most matchConfidence)'),
  minDetectionConfidence: zConfidence.describe('faces the detector is less sure of are ignored (0-1)'),
  minFaceSize: z.number().int().min(16).max(2048).describe('smallest face considered, in pixels (width of the box)'),
});
export type TDetectionThresholds = z.infer<typeof ZDetectionThresholdsSchema>;

export const ZUpdateDetectionThresholdsRequestSchema = ZDetectionThresholdsSchema.partial().strict();
export type TUpdateDetectionThresholdsRequest = z.infer<typeof ZUpdateDetectionThresholdsRequestSchema>;

/** Optional modules the UI can switch on and off, with their defaults. */
export const FEATURE_FLAGS = {
  multiLanguage: { default: false, description: 'offer the language picker and translated screens' },
  keyboardShortcuts: { default: true, description: 'keyboard shortcuts in the control room' },
  developerConsole: { default: true, description: 'show the developer console to Admins' },
  personHistory: { default: true, description: 'per-person history and timeline screens' },
  liveAlertToasts: { default: true, description: 'pop-up toasts for live alerts' },
} as const;
export type FeatureFlag = keyof typeof FEATURE_FLAGS;

const flagShape = Object.fromEntries(
  Object.entries(FEATURE_FLAGS).map(([flag, spec]) => [flag, z.boolean().describe(`${spec.description} (default ${String(spec.default)})`)]),
) as Record<FeatureFlag, z.ZodBoolean>;

export const ZFeatureFlagsSchema = z.object(flagShape);
export type TFeatureFlags = z.infer<typeof ZFeatureFlagsSchema>;

export const ZUpdateFeatureFlagsRequestSchema = ZFeatureFlagsSchema.partial().strict();
export type TUpdateFeatureFlagsRequest = z.infer<typeof ZUpdateFeatureFlagsRequestSchema>;

export const ZLanguageSchema = z.object({
  code: z.string().describe('BCP-47 tag, canonical form'),
  label: z.string(),
  isDefault: z.boolean(),
});
export type TLanguage = z.infer<typeof ZLanguageSchema>;

export const ZCreateLanguageRequestSchema = z.object({
  code: zLanguageTag,
  label: z.string().trim().min(1).max(80),
  isDefault: z.boolean().default(false).describe('true makes it the default language (the previous default stops being one)'),
});
export type TCreateLanguageRequest = z.infer<typeof ZCreateLanguageRequestSchema>;
