/** Tables of the faces domain (see db/migrations). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the domain's migrations land
export interface FaceTables {}
