import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseSearchParams, searchQueryString } from '$lib/domain/search';
import { getOffer } from '$lib/server/repos/offers';
import { listOutcomes } from '$lib/server/repos/outcomes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const [offer, outcomes] = await locals.withClaims((tx) => Promise.all([getOffer(tx, params.id), listOutcomes(tx)]));
	if (!offer) error(404, { message: m.error_not_found_title() });
	// "Back to results" rebuilds the search it came from through the parser, so it can only ever lead to /find.
	const back = url.searchParams.get('back');
	const backQuery = back ? searchQueryString(parseSearchParams(new URLSearchParams(back.slice(0, 2000))).filters) : '';
	return { offer, backQuery, outcomes: outcomes.filter((o) => offer.outcomeIds.includes(o.id)) };
};
