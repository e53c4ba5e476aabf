/**
 * Files: pre-signed uploads. POST /files returns a signed, expiring URL; the client PUTs the bytes to it
 * (no bearer token needed: the URL is the capability); GET /files/{id} returns a signed download link.
 * A file belongs to its uploader: others get 404, unless Admin.
 */
import { z } from 'zod';

/** What may be uploaded; images and PDFs are also checked by their first bytes. */
export const UPLOAD_CONTENT_TYPES = [
  'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf', 'text/csv', 'application/json', 'text/plain',
] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

export const ZCreateFileUploadRequestSchema = z.object({
  contentType: z.enum(UPLOAD_CONTENT_TYPES).describe('the Content-Type the upload must be sent with'),
  filename: z.string().trim().min(1).max(255).refine((v) => !/[\u0000-\u001f/\\]/.test(v), 'no path separators or control characters'),
  size: z.number().int().min(1).optional().describe('bytes, when known: the upload must then be exactly this size (at most FILE_UPLOAD_MAX_BYTES)'),
});
export type TCreateFileUploadRequest = z.infer<typeof ZCreateFileUploadRequestSchema>;

export const ZFileUploadGrantSchema = z.object({
  fileId: z.string(),
  uploadUrl: z.string().describe('PUT the bytes here with the declared Content-Type before it expires'),
  method: z.literal('PUT'),
  expiresIn: z.number().int().describe('seconds the upload URL stays valid'),
  maxBytes: z.number().int().describe('largest upload accepted'),
});
export type TFileUploadGrant = z.infer<typeof ZFileUploadGrantSchema>;

export const ZFileUploadResultSchema = z.object({
  fileId: z.string(),
  size: z.number().int(),
  contentType: z.string(),
});
export type TFileUploadResult = z.infer<typeof ZFileUploadResultSchema>;

export const ZStoredFileSchema = z.object({
  id: z.string(),
  url: z.string().describe('signed, expiring download link'),
  contentType: z.string(),
  expiresIn: z.number().int().describe('seconds the link stays valid'),
  filename: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  ownerId: z.string().nullable(),
  createdAt: z.string(),
  uploadedAt: z.string(),
});
export type TStoredFile = z.infer<typeof ZStoredFileSchema>;
