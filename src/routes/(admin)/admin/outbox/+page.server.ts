import { requireAccess } from '$lib/server/access';
import { databaseMode } from '$lib/server/db';
import { listOutbox } from '$lib/server/repos/accounts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'admin');
	return { mail: await event.locals.withClaims((tx) => listOutbox(tx)), embedded: (await databaseMode()) === 'embedded' };
};
