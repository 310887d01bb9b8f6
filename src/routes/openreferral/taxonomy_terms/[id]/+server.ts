import { respond } from '$lib/server/openreferral/publish/http';
import { getTerm, readTerms } from '$lib/server/openreferral/publish/taxonomies';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, params, locals }) =>
	respond(async () => getTerm(await locals.withClaims((tx) => readTerms(tx, url.origin)), params.id));
export { OPTIONS } from '$lib/server/openreferral/publish/http';
