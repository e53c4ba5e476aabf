/** Tables of the faces domain (see db/migrations). */
import type { Generated } from 'kysely';

export interface FaceProfilesTable {
  id: string;
  employee_id: string;
  name: string;
  department: Generated<string>;
  /** active | inactive */
  status: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One face sample: the original as uploaded and its thumbnail, both in file storage. */
export interface FaceImagesTable {
  id: string;
  /** upload order (images of one request share created_at) */
  seq: Generated<string>;
  profile_id: string;
  storage_key: string;
  thumbnail_key: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  /** hex SHA-256 of the original */
  sha256: string;
  created_at: Generated<Date>;
}

export interface FaceTables {
  face_profiles: FaceProfilesTable;
  face_images: FaceImagesTable;
}
