import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getOffer } from '$lib/server/repos/offers';
import { listOutcomes } from '$lib/server/repos/outcomes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const [offer, outcomes] = await locals.withClaims((tx) => Promise.all([getOffer(tx, params.id), listOutcomes(tx)]));
	if (!offer) error(404, { message: m.error_not_found_title() });
	return { offer, outcomes: outcomes.filter((o) => offer.outcomeIds.includes(o.id)) };
};
