import { respond } from '$lib/server/openreferral/publish/http';
import { pageOfAll } from '$lib/server/openreferral/publish/paging';
import { pagingOf, taxonomyIdOf } from '$lib/server/openreferral/publish/parameters';
import { readTerms } from '$lib/server/openreferral/publish/taxonomies';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const paging = pagingOf(url.searchParams);
		const taxonomyId = taxonomyIdOf(url.searchParams);
		const terms = await locals.withClaims((tx) => readTerms(tx, url.origin));
		return pageOfAll(taxonomyId ? terms.filter((term) => term.taxonomy_id === taxonomyId.toLowerCase()) : terms, paging);
	});
export { OPTIONS } from '$lib/server/openreferral/publish/http';
