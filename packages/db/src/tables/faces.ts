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

export interface FaceTables {
  face_profiles: FaceProfilesTable;
}
