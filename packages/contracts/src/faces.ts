/**
 * Face registration: profiles (one per employee) and their face image samples. Images never travel in
 * responses: each carries signed, expiring links to the original and to its 256px JPEG thumbnail.
 * Uploads are JPEG, PNG or WebP (checked by content); REST also takes them as multipart/form-data.
 */
import { z } from 'zod';
import { ZPageQuerySchema } from './common.ts';

export const FACE_STATUSES = ['active', 'inactive'] as const;
export const FACE_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const FACE_THUMBNAIL_SIZE = 256;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** One uploaded file as the typed client sends it (REST multipart parts arrive in this shape too). */
export const ZUploadedFileSchema = z.object({
  filename: z.string().max(255).default('upload').describe('the name the file had on the client; only used in messages'),
  contentType: z.string().max(255).default('application/octet-stream').describe('what the client claims; the content decides'),
  data: z
    .string()
    .min(1, 'the file is empty')
    .refine((s) => s.length % 4 === 0 && BASE64.test(s), 'not valid base64')
    .describe('the file bytes, base64'),
});
export type TUploadedFile = z.infer<typeof ZUploadedFileSchema>;

const zImages = z.array(ZUploadedFileSchema).max(100);

export const ZFaceImageSchema = z.object({
  imageId: z.string(),
  url: z.string().describe('signed, expiring link to the image as uploaded'),
  thumbnailUrl: z.string().describe('signed, expiring link to its JPEG thumbnail (at most 256px)'),
  createdAt: z.string().describe('ISO 8601 UTC'),
});
export type TFaceImage = z.infer<typeof ZFaceImageSchema>;

export const ZFaceProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  employeeId: z.string(),
  department: z.string(),
  status: z.enum(FACE_STATUSES),
  images: z.array(ZFaceImageSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TFaceProfile = z.infer<typeof ZFaceProfileSchema>;

const zEmployeeId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore');
const zName = z.string().trim().min(1).max(120);
const zDepartment = z.string().trim().max(120);

export const ZListFaceProfilesRequestSchema = ZPageQuerySchema.extend({
  department: zDepartment.optional().describe('exact department'),
  status: z.enum(FACE_STATUSES).optional(),
  search: z.string().max(200).optional().describe('matches name, employee id or department'),
  sortBy: z.enum(['name', 'employeeId', 'department', 'createdAt']).default('name'),
});
export type TListFaceProfilesRequest = z.infer<typeof ZListFaceProfilesRequestSchema>;

export const ZCreateFaceProfileRequestSchema = z.object({
  name: zName,
  employeeId: zEmployeeId.describe('unique: 409 when another profile has it'),
  department: zDepartment.default(''),
  status: z.enum(FACE_STATUSES).default('active'),
  images: zImages.min(1, 'at least one face image').describe('JPEG, PNG or WebP face samples'),
});
export type TCreateFaceProfileRequest = z.infer<typeof ZCreateFaceProfileRequestSchema>;

export const ZUpdateFaceProfileRequestSchema = z.object({
  id: z.string().min(1).max(64),
  name: zName.optional(),
  employeeId: zEmployeeId.optional(),
  department: zDepartment.optional(),
  status: z.enum(FACE_STATUSES).optional(),
});
export type TUpdateFaceProfileRequest = z.infer<typeof ZUpdateFaceProfileRequestSchema>;

export const ZAddFaceImagesRequestSchema = z.object({
  id: z.string().min(1).max(64),
  images: zImages.min(1, 'at least one face image'),
});
export type TAddFaceImagesRequest = z.infer<typeof ZAddFaceImagesRequestSchema>;

/** The plan's `{imageId, url}` for the first (usually only) image, and every image the request added. */
export const ZAddFaceImagesResultSchema = ZFaceImageSchema.extend({
  images: z.array(ZFaceImageSchema).describe('every image this request added, the first one included'),
});
export type TAddFaceImagesResult = z.infer<typeof ZAddFaceImagesResultSchema>;

export const ZFaceImageParamSchema = z.object({ id: z.string().min(1).max(64), imageId: z.string().min(1).max(64) });

export const ZFacePreviewSchema = z.object({
  id: z.string(),
  name: z.string(),
  employeeId: z.string(),
  department: z.string(),
  status: z.enum(FACE_STATUSES),
  thumbnails: z.array(z.object({ imageId: z.string(), url: z.string().describe('signed link to the JPEG thumbnail'), createdAt: z.string() })),
});
export type TFacePreview = z.infer<typeof ZFacePreviewSchema>;

/** An example body for POST /faces (with a small real JPEG), for the developer console. */
export const ZFaceDefaultPayloadSchema = z.object({
  name: z.string(),
  employeeId: z.string(),
  department: z.string(),
  status: z.enum(FACE_STATUSES),
  images: z.array(z.object({ filename: z.string(), contentType: z.string(), data: z.string() })),
});
export type TFaceDefaultPayload = z.infer<typeof ZFaceDefaultPayloadSchema>;
