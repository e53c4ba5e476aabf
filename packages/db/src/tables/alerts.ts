/** Tables of the alerts domain (see db/migrations). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the domain's migrations land
export interface AlertTables {}
