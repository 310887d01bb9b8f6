import { requireAccess } from '$lib/server/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireAccess(event, 'signed_in');
	const claims = await event.locals.withClaims((tx) =>
		tx.query<{ id: string; name: string; status: 'pending' | 'approved' | 'rejected'; decision_note: string | null }>(
			`select c.id, g.name, c.status, c.decision_note from public.organisation_claims c
			   join public.organisations g on g.id = c.organisation_id
			  where c.user_id = auth.uid() and (c.status <> 'approved' or c.decided_at > now() - interval '30 days')
			  order by c.created_at desc limit 20`
		)
	);
	return { memberships: user.memberships, claims };
};
