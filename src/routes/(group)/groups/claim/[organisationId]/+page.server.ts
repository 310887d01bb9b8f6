import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { checkMessage } from '$lib/domain/listing';
import { requireAccess } from '$lib/server/access';
import { isUniqueViolation, withSavepoint } from '$lib/server/db/errors';
import type { Tx } from '$lib/server/db/types';
import { getOrganisation } from '$lib/server/repos/organisations';
import type { Actions, PageServerLoad } from './$types';

// "This is our group": a signed-in person asks to look after an existing listing; a moderator decides.

async function claimable(tx: Tx, id: string) {
	const organisation = await getOrganisation(tx, id);
	if (!organisation) error(404, { message: m.error_not_found_title() });
	const [state] = await tx.query<{ member: boolean; pending: boolean }>(
		`select public.is_member_of($1) as member,
		        exists (select 1 from public.organisation_claims where organisation_id = $1 and user_id = auth.uid() and status = 'pending') as pending`,
		[id]
	);
	return { organisation: { id: organisation.id, name: organisation.name }, member: !!state?.member, pending: !!state?.pending };
}

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	return event.locals.withClaims((tx) => claimable(tx, event.params.organisationId));
};

export const actions: Actions = {
	default: async (event) => {
		requireAccess(event, 'signed_in');
		const raw = String((await event.request.formData()).get('message') ?? '').slice(0, 3000);
		const checked = checkMessage(raw);
		if (!checked.ok) return fail(400, { message: raw, problems: checked.problems });
		const outcome = await event.locals.withClaims(async (tx) => {
			const state = await claimable(tx, event.params.organisationId);
			if (state.member) return 'member' as const;
			try {
				await withSavepoint(tx, (inner) => inner.query(`insert into public.organisation_claims (organisation_id, message) values ($1, $2)`, [state.organisation.id, checked.data]));
				return 'sent' as const;
			} catch (problem) {
				if (isUniqueViolation(problem)) return 'pending' as const;
				throw problem;
			}
		});
		return { outcome };
	}
};
