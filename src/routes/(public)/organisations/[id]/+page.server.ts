import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getOrganisation } from '$lib/server/repos/organisations';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { shownSupporters } from '$lib/server/repos/peer-supporters';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) =>
	locals.withClaims(async (tx) => {
		const organisation = await getOrganisation(tx, params.id);
		if (!organisation) error(404, { message: m.error_not_found_title() });
		const supporters = await shownSupporters(tx, organisation.id);
		const used = new Set(supporters.flatMap((s) => s.outcome_ids));
		return {
			organisation,
			supporters,
			outcomes: (await listOutcomes(tx)).filter((o) => used.has(o.id)),
			offersPeerSupport: supporters.length > 0 || organisation.offers.some((offer) => offer.kind === 'peer_support')
		};
	});
