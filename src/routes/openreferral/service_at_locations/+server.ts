import { respond } from '$lib/server/openreferral/publish/http';
import { nearnessOf, pagingOf, serviceFiltersOf } from '$lib/server/openreferral/publish/parameters';
import { listServiceAtLocations } from '$lib/server/openreferral/publish/service-at-locations';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const filters = serviceFiltersOf(url.searchParams);
		const nearness = nearnessOf(url.searchParams);
		const paging = pagingOf(url.searchParams);
		return locals.withClaims((tx) => listServiceAtLocations(tx, filters, nearness, paging, url.origin));
	});
export { OPTIONS } from '$lib/server/openreferral/publish/http';
