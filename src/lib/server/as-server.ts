import { database } from './db';
import { serviceClaims, type Tx } from './db/types';

/**
 * Work the server does on its own authority (service_role), in a transaction of its own: writing
 * what a person without an account sent, once the server has checked it (see the grants in
 * supabase/migrations/…08_self_service_journey.sql), and mail.
 */
export async function asServer<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
	const db = await database();
	return db.withClaims(serviceClaims, fn);
}
