import { respond } from '$lib/server/openreferral/publish/http';
import { pageOfAll } from '$lib/server/openreferral/publish/paging';
import { pagingOf } from '$lib/server/openreferral/publish/parameters';
import { taxonomies } from '$lib/server/openreferral/publish/taxonomies';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => respond(async () => pageOfAll(taxonomies(url.origin), pagingOf(url.searchParams)));
export { OPTIONS } from '$lib/server/openreferral/publish/http';
