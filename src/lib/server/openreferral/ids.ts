import { createHash } from 'node:crypto';

// HSDS ids are UUIDs. Rows we keep without an id of their own (an offer's outcome, its cost, its
// language, an online offer's "place") get a name-based UUID, so the same thing has the same id in
// every response and across restarts. It is RFC 9562's version 8 (custom) made from SHA-256 rather
// than version 5's SHA-1, because PostgreSQL has sha256() built in: public.hsds_id() computes the
// same id in SQL, and an index on it finds a service at a location by its id.

/** The namespace of every id this site names (public.hsds_id() holds the same bytes). */
const namespace = '6f1c3a52-4c2e-5d0b-9a37-7c1e2b8f4d10';

const bytesOf = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');

export function nameBasedId(...parts: string[]): string {
	const hash = createHash('sha256').update(bytesOf(namespace)).update(parts.join('\u001f'), 'utf8').digest();
	const bytes = hash.subarray(0, 16);
	bytes[6] = (bytes[6]! & 0x0f) | 0x80;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A path's id is looked up only when it is a UUID, so a typed-in id never reaches SQL as a bad cast. */
export const isUuid = (value: string) => uuidPattern.test(value);
