import type { RequestEvent } from '@sveltejs/kit';
import { tokenHash } from './auth/secrets';

/**
 * Who sent a request without an account, for rate limits only: a SHA-256 of the network
 * address and what it is for, never the address itself.
 */
export function senderHash(event: Pick<RequestEvent, 'getClientAddress'>, purpose: string): string {
	let address = 'unknown';
	try {
		address = event.getClientAddress();
	} catch {
		// Not every environment knows the client's address.
	}
	return tokenHash(`${purpose}:${address}`);
}
