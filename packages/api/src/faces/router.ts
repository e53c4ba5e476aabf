/**
 * /faces: face profiles and their image samples. Static paths (/faces/default-payload) come before
 * /faces/{id}, which trpc-to-openapi would otherwise match first. Upload procedures take `images` as
 * files: multipart/form-data over REST, base64 JSON from the typed client.
 */
import { z } from 'zod';
import {
  ZAddFaceImagesRequestSchema, ZAddFaceImagesResultSchema, ZCreateFaceProfileRequestSchema, ZFaceDefaultPayloadSchema, ZFaceImageParamSchema,
  ZFaceImageSchema, ZFacePreviewSchema, ZFaceProfileSchema, ZIdParamSchema, ZListFaceProfilesRequestSchema, ZUpdateFaceProfileRequestSchema, zPage,
} from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as faces from './service.ts';

const TAG = ['Faces'];

export const facesRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/faces', tags: TAG, summary: 'List face profiles (filters department, status, search), images as signed links', protect: true }, permission: 'faces:read', envelope: 'page' })
    .input(ZListFaceProfilesRequestSchema)
    .output(zPage(ZFaceProfileSchema))
    .query(({ ctx, input }) => faces.listFaceProfiles(ctx.app, input)),

  create: authedProcedure
    .meta({
      openapi: {
        method: 'POST', path: '/faces', tags: TAG, protect: true,
        summary: 'Register a face profile with at least one JPEG, PNG or WebP image (409 when the employee id exists)',
        description: 'multipart/form-data with fields name, employeeId, department, status and one or more `images` files; or JSON with images as {filename, contentType, data: base64}. The content decides the type, not the name: anything else is 422.',
      },
      permission: 'faces:write',
      successStatus: 201,
      multipartFiles: ['images'],
    })
    .input(ZCreateFaceProfileRequestSchema)
    .output(ZFaceProfileSchema)
    .mutation(({ ctx, input }) => faces.createFaceProfile(ctx.app, input, actorOf(ctx))),

  defaultPayload: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/faces/default-payload', tags: TAG, summary: 'An example body for POST /faces (developer console)', protect: true }, permission: 'faces:read' })
    .input(z.void())
    .output(ZFaceDefaultPayloadSchema)
    .query(() => faces.defaultFacePayload()),

  get: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/faces/{id}', tags: TAG, summary: 'One face profile with signed links to its images', protect: true }, permission: 'faces:read' })
    .input(ZIdParamSchema)
    .output(ZFaceProfileSchema)
    .query(({ ctx, input }) => faces.getFaceProfile(ctx.app, input.id)),

  update: authedProcedure
    .meta({ openapi: { method: 'PUT', path: '/faces/{id}', tags: TAG, summary: 'Edit name, employee id, department or status', protect: true }, permission: 'faces:write' })
    .input(ZUpdateFaceProfileRequestSchema)
    .output(ZFaceProfileSchema)
    .mutation(({ ctx, input }) => faces.updateFaceProfile(ctx.app, input, actorOf(ctx))),

  delete: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/faces/{id}', tags: TAG, summary: 'Erase a face profile: its images, thumbnails and rows (attendance records stay)', protect: true }, permission: 'faces:write', successStatus: 204 })
    .input(ZIdParamSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => faces.deleteFaceProfile(ctx.app, input.id, actorOf(ctx))),

  images: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/faces/{id}/images', tags: TAG, summary: "A profile's images as signed links", protect: true }, permission: 'faces:read' })
    .input(ZIdParamSchema)
    .output(z.array(ZFaceImageSchema))
    .query(({ ctx, input }) => faces.listFaceImages(ctx.app, input.id)),

  addImages: authedProcedure
    .meta({
      openapi: {
        method: 'POST', path: '/faces/{id}/images', tags: TAG, protect: true,
        summary: 'Add face samples: {imageId, url} of the first, and `images` listing every one added',
      },
      permission: 'faces:write',
      successStatus: 201,
      multipartFiles: ['images'],
    })
    .input(ZAddFaceImagesRequestSchema)
    .output(ZAddFaceImagesResultSchema)
    .mutation(({ ctx, input }) => faces.addFaceImages(ctx.app, input, actorOf(ctx))),

  deleteImage: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/faces/{id}/images/{imageId}', tags: TAG, summary: 'Erase one image and its thumbnail', protect: true }, permission: 'faces:write', successStatus: 204 })
    .input(ZFaceImageParamSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => faces.deleteFaceImage(ctx.app, input, actorOf(ctx))),

  preview: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/faces/{id}/preview', tags: TAG, summary: "The profile's thumbnails as signed links", protect: true }, permission: 'faces:read' })
    .input(ZIdParamSchema)
    .output(ZFacePreviewSchema)
    .query(({ ctx, input }) => faces.previewFaceProfile(ctx.app, input.id)),
});
