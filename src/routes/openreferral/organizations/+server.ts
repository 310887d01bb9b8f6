import { respond } from '$lib/server/openreferral/publish/http';
import { listOrganizations } from '$lib/server/openreferral/publish/organizations';
import { pagingOf } from '$lib/server/openreferral/publish/parameters';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, locals }) =>
	respond(async () => {
		const paging = pagingOf(url.searchParams);
		return locals.withClaims((tx) => listOrganizations(tx, paging, url.origin));
	});
export { OPTIONS } from '$lib/server/openreferral/publish/http';
