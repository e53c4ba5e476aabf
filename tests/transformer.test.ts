/** The tRPC output transformer: the fast path gives exactly what superjson gives, and the client reads it back. */
import { describe, expect, it } from 'vitest';
import superjson from 'superjson';
import { isPlainJson, serializeOutput } from '@sentinel/api/core/transformer';

const shared = { id: 'CAM-1' };
class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

const plain: Record<string, unknown> = {
  'a camera page': {
    data: [{ id: 'CAM-1', name: 'Lobby', tags: ['a', 'b'], fps: 25, lastSeen: '2026-11-25T10:00:00.000Z', thumbnail: null, enabled: true }],
    meta: { page: 1, pageSize: 50, total: 1, totalPages: 1 },
  },
  'an empty object': {},
  'a null-prototype object': Object.assign(Object.create(null) as object, { a: 1 }),
  'a string': 'text',
  'a number': 1.5,
  zero: 0,
  'nested arrays': [[1, [2, [3]]], []],
  null: null,
  'the same string twice (strings are values)': ['x', 'x'],
};

const special: Record<string, unknown> = {
  'a Date': { at: new Date('2026-11-25T10:00:00.000Z') },
  'undefined in an object': { a: undefined, b: 1 },
  'undefined in an array': [1, undefined],
  'undefined alone (a void procedure)': undefined,
  NaN: { n: Number.NaN },
  Infinity: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  '-0': { z: -0 },
  'a bigint': { b: 10n },
  'a Map and a Set': { m: new Map([['k', 1]]), s: new Set([1]) },
  'a shared reference': { first: shared, second: shared },
  'a class instance': { p: new Point(1, 2) },
  'a RegExp': [/x/g],
  'a sparse array': [1, , 3],
  'an Error': { e: new Error('boom') },
};

describe('tRPC output transformer', () => {
  it.each(Object.entries(plain))('takes the fast path for %s, with the same payload superjson makes', (_name, value) => {
    expect(isPlainJson(value)).toBe(true);
    const out = serializeOutput(value);
    expect(out).toEqual(superjson.serialize(value));
    expect(out.meta).toBeUndefined();
    expect(superjson.deserialize(JSON.parse(JSON.stringify(out)))).toEqual(value);
  });

  it.each(Object.entries(special))('hands %s to superjson, so the client gets it back intact', (_name, value) => {
    expect(isPlainJson(value)).toBe(false);
    const out = serializeOutput(value);
    expect(JSON.stringify(out)).toBe(JSON.stringify(superjson.serialize(value)));
    expect(superjson.deserialize(JSON.parse(JSON.stringify(out)))).toEqual(superjson.deserialize(JSON.parse(JSON.stringify(superjson.serialize(value)))));
  });

  it('a Date deep in a page still comes back as a Date', () => {
    const page = { data: [{ id: 'x', tags: ['t'], nested: { at: new Date(0) } }] };
    const back = superjson.deserialize<typeof page>(JSON.parse(JSON.stringify(serializeOutput(page))));
    expect(back.data[0]!.nested.at).toBeInstanceOf(Date);
    expect(back.data[0]!.nested.at.getTime()).toBe(0);
  });

  it('refuses keys superjson refuses, exactly as superjson does', () => {
    const polluted = JSON.parse('{"__proto__": {"admin": true}}') as unknown;
    expect(() => superjson.serialize(polluted)).toThrow(/prototype pollution/);
    expect(() => serializeOutput(polluted)).toThrow(/prototype pollution/);
  });
});
