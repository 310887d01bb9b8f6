import { requireAccess } from '$lib/server/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => ({ memberships: requireAccess(event, 'signed_in').memberships });
