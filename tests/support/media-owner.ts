/**
 * A stand-in for a server that is about to be SIGKILLed: a media pool of the given scope starts one long
 * child, prints its pid, and waits. Arguments: scope, command, args...
 */
import { ProcessPool } from '@sentinel/media';

const [scope, command, ...args] = process.argv.slice(2);
const pool = new ProcessPool(1, { scope: scope! });
const child = await pool.spawn(command!, args, { purpose: 'test' });
process.stdout.write(`${child.pid}\n`);
setInterval(() => undefined, 60_000);
