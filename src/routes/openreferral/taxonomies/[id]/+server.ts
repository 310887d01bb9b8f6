import { respond } from '$lib/server/openreferral/publish/http';
import { getTaxonomy, readTerms } from '$lib/server/openreferral/publish/taxonomies';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, params, locals }) =>
	respond(async () => getTaxonomy(await locals.withClaims((tx) => readTerms(tx, url.origin)), params.id, url.origin));
export { OPTIONS } from '$lib/server/openreferral/publish/http';
