import { respond } from '$lib/server/openreferral/publish/http';
import { pagingOf, serviceFiltersOf } from '$lib/server/openreferral/publish/parameters';
import { listServices } from '$lib/server/openreferral/publish/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const filters = serviceFiltersOf(url.searchParams);
		const paging = pagingOf(url.searchParams);
		return locals.withClaims((tx) => listServices(tx, filters, paging, url.origin));
	});
export { OPTIONS } from '$lib/server/openreferral/publish/http';
