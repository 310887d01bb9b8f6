import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '$lib/server/db/types';
import { getGroupOrganisation, type GroupOrganisation } from '$lib/server/repos/listings';

const uuid = z.uuid();

/** The organisation as the caller's own; anyone who is not a member gets the same "no access" page. */
export async function memberOrganisation(tx: Tx, id: string): Promise<GroupOrganisation & { my_role: 'owner' | 'editor' }> {
	const organisation = uuid.safeParse(id).success ? await getGroupOrganisation(tx, id) : null;
	if (!organisation?.my_role) error(403, { message: m.access_refused_group() });
	return organisation as GroupOrganisation & { my_role: 'owner' | 'editor' };
}

/** An id from the address: anything but a uuid is simply not found (never a database error). */
export function idOrNotFound(id: string): string {
	if (!uuid.safeParse(id).success) error(404, { message: m.error_not_found_title() });
	return id;
}

/** An id from a form; anything else reads as "not found" rather than failing the request. */
export const formId = (value: FormDataEntryValue | null): string | null => {
	const parsed = uuid.safeParse(value);
	return parsed.success ? parsed.data : null;
};
