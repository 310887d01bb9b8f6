import { createHmac, randomBytes } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';

// Who sent a request without an account, for rate limits only: an HMAC of the network address
// under a server secret and the day, never the address itself. Without the secret the hash
// cannot be turned back into an address (a plain SHA-256 of an IPv4 address can, in minutes);
// with the day in it, yesterday's hashes match nothing today. Several server instances need
// the same SENDER_HASH_SECRET for their limits to add up; one instance makes its own.
const secret = process.env.SENDER_HASH_SECRET || randomBytes(32).toString('hex');

export function senderHash(event: Pick<RequestEvent, 'getClientAddress'>, purpose: string): string {
	let address = 'unknown';
	try {
		address = event.getClientAddress();
	} catch {
		// Not every environment knows the client's address.
	}
	return keyedHash(`${purpose}:${address}`);
}

/** The same keyed, daily hash for any value the server must recognise but not keep (a journey's id). */
export function keyedHash(value: string): string {
	const day = new Date().toISOString().slice(0, 10);
	return createHmac('sha256', secret).update(`${day}:${value}`).digest('hex');
}
