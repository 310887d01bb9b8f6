import { requireAccess } from '$lib/server/access';
import type { PageServerLoad } from './$types';

// What waits for a moderator. Moderators read every organisation and offer (RLS), so this is a plain query.
export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'moderator');
	return event.locals.withClaims(async (tx) => ({
		pendingOrganisations: await tx.query<{ id: string; name: string; created_at: Date }>(
			`select id, name, created_at from public.organisations where status = 'pending' order by created_at limit 50`
		),
		pendingOffers: (await tx.query<{ count: number }>(`select count(*)::int as count from public.offers where status = 'pending'`))[0]?.count ?? 0
	}));
};
