import { createHash } from 'node:crypto';

// HSDS ids are UUIDs. Rows we keep without an id of their own (an offer's outcome, its cost, its
// language, an online offer's "place") get a name-based UUID (RFC 9562 version 5), so the same
// thing has the same id in every response and across restarts.

/** The namespace of every id this site names: a v5 UUID of its own in the URL namespace. */
const namespace = '6f1c3a52-4c2e-5d0b-9a37-7c1e2b8f4d10';

const bytesOf = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');

export function nameBasedId(...parts: string[]): string {
	const hash = createHash('sha1').update(bytesOf(namespace)).update(parts.join('\u001f'), 'utf8').digest();
	const bytes = hash.subarray(0, 16);
	bytes[6] = (bytes[6]! & 0x0f) | 0x50;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A path's id is looked up only when it is a UUID, so a typed-in id never reaches SQL as a bad cast. */
export const isUuid = (value: string) => uuidPattern.test(value);
