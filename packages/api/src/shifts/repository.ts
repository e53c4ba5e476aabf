/** SQL for shift schedules. */
import type { Database, Kysely, Transaction } from '@sentinel/db';
import type { Weekday } from '@sentinel/contracts';
import type { ShiftRule } from './assignment.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ShiftRecord extends ShiftRule {
  createdAt: Date;
  updatedAt: Date;
}

export type ShiftWrite = Omit<ShiftRule, 'id'>;

const COLUMNS = ['id', 'name', 'days', 'start_minute', 'end_minute', 'grace_minutes', 'departments', 'created_at', 'updated_at'] as const;

function base(db: Db) {
  return db.selectFrom('shift_schedules').select(COLUMNS);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toRecord(r: Row): ShiftRecord {
  return {
    id: r.id,
    name: r.name,
    days: r.days as Weekday[],
    startMinute: r.start_minute,
    endMinute: r.end_minute,
    graceMinutes: r.grace_minutes,
    departments: r.departments,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every shift, in a stable order (the list is small: a site has a handful). */
export async function allShifts(db: Db): Promise<ShiftRecord[]> {
  const rows = await base(db).orderBy('start_minute').orderBy('name').orderBy('id').execute();
  return rows.map(toRecord);
}

export async function findShift(db: Db, id: string): Promise<ShiftRecord | undefined> {
  const row = await base(db).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findShiftByName(db: Db, name: string): Promise<ShiftRecord | undefined> {
  const row = await base(db).where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

function columnsOf(s: ShiftWrite) {
  return {
    name: s.name,
    days: [...s.days],
    start_minute: s.startMinute,
    end_minute: s.endMinute,
    grace_minutes: s.graceMinutes,
    departments: [...s.departments],
  };
}

export async function insertShift(db: Db, id: string, shift: ShiftWrite): Promise<void> {
  await db.insertInto('shift_schedules').values({ id, ...columnsOf(shift) }).execute();
}

export async function updateShift(db: Db, id: string, shift: ShiftWrite): Promise<void> {
  await db.updateTable('shift_schedules').set({ ...columnsOf(shift), updated_at: new Date() }).where('id', '=', id).execute();
}

export async function deleteShift(db: Db, id: string): Promise<void> {
  await db.deleteFrom('shift_schedules').where('id', '=', id).execute();
}
