import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseSearchParams, searchQueryString } from '$lib/domain/search';
import { getOffer } from '$lib/server/repos/offers';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { publishedStories } from '$lib/server/repos/stories';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const [offer, outcomes] = await locals.withClaims((tx) => Promise.all([getOffer(tx, params.id), listOutcomes(tx)]));
	if (!offer) error(404, { message: m.error_not_found_title() });
	// "Back to results" rebuilds the search it came from through the parser, so it can only ever lead to /find.
	const back = url.searchParams.get('back');
	const backQuery = back ? searchQueryString(parseSearchParams(new URLSearchParams(back.slice(0, 2000))).filters) : '';
	// What helped others: stories about this offer first, then about the group's other offers or the group itself.
	const [offerStories, groupStories] = await locals.withClaims((tx) =>
		Promise.all([
			publishedStories(tx, { offerId: offer.id }),
			publishedStories(tx, { organisationId: offer.organisation_id, exceptOfferId: offer.id, limit: 10 })
		])
	);
	return {
		offer, backQuery, outcomes: outcomes.filter((o) => offer.outcomeIds.includes(o.id)),
		allOutcomes: outcomes.map(({ id, label_en, label_cy }) => ({ id, label_en, label_cy })),
		offerStories, groupStories
	};
};
